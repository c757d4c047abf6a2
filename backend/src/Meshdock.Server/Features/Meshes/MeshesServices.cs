using Meshdock.Server.Features.Cleanup;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Meshes;

public static class MeshesServices
{
    /// <summary>
    /// Meshes, sample apps and cleanup: the catalogs, helm, the pod watcher and the lifecycles, plus the meshes'
    /// implementations of the cluster overview's and the namespaces feature's seams. Needs AddKubernetes and AddOperations.
    /// </summary>
    public static IServiceCollection AddMeshes(this IServiceCollection services)
    {
        services.AddOptions<MeshesOptions>().BindConfiguration(MeshesOptions.Section);
        services.AddSingleton(sp => MeshCatalog.Load(sp.GetRequiredService<IOptions<MeshesOptions>>().Value.CatalogOverride));
        services.AddSingleton<MeshDetector>();
        services.AddSingleton<IMeshDirectory, MeshDirectory>();
        services.AddSingleton<MeshLifecycle>();
        services.AddSingleton<MeshOverview>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChartRepositoryVersions>();
        services.AddSingleton<IInstalledMeshDetector, InstalledMeshes>();
        services.AddSingleton<IMeshMembershipRules, CatalogMembershipRules>();
        services.AddSingleton<IClusterCleanupStep, MeshesCleanupStep>();
        services.AddSingleton<IMeshLayouts, CatalogMeshLayouts>();
        services.AddSingleton<IOperationRetentionPolicy, MeshOperationRetention>();
        return services;
    }
}
