using Meshdock.Server.Filters.Deploy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Meshdock.Server.Filters;

public static class FiltersExtensions
{
    /// <summary>The filter registry and its deployment into meshes. Needs <c>AddDatabase()</c> first and <c>AddCluster()</c>: the built-in filter is registered by a hosted
    /// service that must start after the database is migrated.</summary>
    public static IServiceCollection AddFilters(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FiltersOptions>().BindConfiguration(FiltersOptions.Section);
        services.AddSingleton<FilterStore>();
        services.AddHostedService<BuiltInFilterRegistration>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<FilterServer>();
        services.AddSingleton<FilterDeployer>();
        return services;
    }
}
