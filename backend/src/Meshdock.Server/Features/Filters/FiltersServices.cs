using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Features.Filters.Sandbox;
using Meshdock.Server.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Meshdock.Server.Features.Filters;

public static class FiltersServices
{
    /// <summary>The filter registry and its deployment into meshes. Needs <c>AddDatabase()</c> first and <c>AddKubernetes()</c>: the built-in filter is registered by a hosted
    /// service that must start after the database is migrated.</summary>
    public static IServiceCollection AddFilters(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FiltersOptions>().BindConfiguration(FiltersOptions.Section);
        services.AddSingleton<FilterStore>();
        services.AddSingleton<BuiltInFilterStatus>();
        services.AddHostedService<BuiltInFilterSeeder>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<IOperationRetentionPolicy, AttachmentRetention>();
        services.AddSingleton<FilterServer>();
        services.AddSingleton<FilterDeployer>();
        services.AddSingleton<IFilterAttacher>(provider => provider.GetRequiredService<FilterDeployer>());
        services.AddSandbox();
        return services;
    }
}
