using Meshdock.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Meshdock.Server.Operations;

public static class OperationsExtensions
{
    /// <summary>
    /// The operations machinery and the progress hub. Needs <c>AddDatabase()</c> first: hosted services start in
    /// registration order (database, writer, operations) and stop in reverse, so running operations store their
    /// final event before the writer stops.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OperationStore>();
        services.AddSingleton<ProgressFeed>();
        services.AddSingleton<OperationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationWriter>());
        services.AddSingleton<OperationService>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationService>());
        services.AddSignalR().AddJsonProtocol(json => MeshdockJson.Configure(json.PayloadSerializerOptions));
        return services;
    }
}
