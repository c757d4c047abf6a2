using Meshdock.Server.Apps;
using Meshdock.Server.Cleanup;
using Meshdock.Server.Cluster;
using Meshdock.Server.Helm;
using Meshdock.Server.Hosting;
using Meshdock.Server.Namespaces;
using Meshdock.Server.Workloads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Meshes;

public static class MeshesRegistration
{
    /// <summary>
    /// Meshes, sample apps and cleanup: the catalogs, helm, the pod watcher and the lifecycles, plus the meshes'
    /// implementations of the cluster overview's and the namespaces feature's seams. Needs AddCluster and AddOperations.
    /// </summary>
    public static IServiceCollection AddMeshes(this IServiceCollection services)
    {
        services.AddOptions<MeshesOptions>().BindConfiguration(MeshesOptions.Section);
        services.AddOptions<HelmOptions>().BindConfiguration(HelmOptions.Section)
            // Helm's own cache and config live in Meshdock's data folder, away from the user's helm set-up.
            .PostConfigure<IOptions<MeshdockOptions>>((helm, meshdock) =>
                helm.Home ??= Path.Combine(meshdock.Value.DataDirectory, "helm"))
            .Validate(helm => helm.ListCacheDuration >= TimeSpan.Zero,
                "Helm:ListCacheDuration must be zero (no caching) or a positive time span such as 00:00:05.")
            .ValidateOnStart();
        services.AddSingleton(sp => MeshCatalog.Load(sp.GetRequiredService<IOptions<MeshesOptions>>().Value.CatalogOverride));
        services.AddSingleton(_ => SampleAppCatalog.LoadEmbedded());
        services.AddSingleton<HelmRunner>();
        services.AddSingleton<HelmReleaseCache>();
        services.AddSingleton<PodProgressWatcher>();
        services.AddSingleton<MeshDetector>();
        services.AddSingleton<MeshLifecycle>();
        services.AddSingleton<MeshOverview>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ChartRepositoryVersions>();
        services.AddSingleton<AppLifecycle>();
        services.AddSingleton<AppOverview>();
        services.AddSingleton<ClusterCleanup>();
        services.AddSingleton<IInstalledMeshDetector, InstalledMeshes>();
        services.AddSingleton<IMeshMembershipRules, CatalogMembershipRules>();
        return services;
    }
}
