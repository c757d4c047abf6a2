using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Operations;

public static class OperationsServices
{
    /// <summary>
    /// The operations machinery, its retention and the progress hub. Needs <c>AddDatabase()</c> first: hosted services
    /// start in registration order (database, writer, operations, retention) and stop in reverse, so running operations
    /// store their final event before the writer stops, and the first prune sees the previous run's leftovers already
    /// marked interrupted.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OperationStore>();
        services.AddSingleton<OperationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationWriter>());
        services.AddSingleton<OperationService>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationService>());
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidation>();
        services.AddSingleton<OperationRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationRetention>());
        services.AddSignalR().AddJsonProtocol(json => MeshdockJson.Configure(json.PayloadSerializerOptions));
        return services;
    }
}
