using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Kubernetes;

public static class KubernetesServices
{
    /// <summary>
    /// Registers the cluster connection, the helm CLI and the workload watcher: what every feature that touches the
    /// cluster uses. Features reach the cluster through <see cref="ClusterConnection"/>.
    /// </summary>
    public static IServiceCollection AddKubernetes(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section);
        services.AddSingleton<IPostConfigureOptions<ClusterOptions>, DetectContainer>();
        services.AddSingleton(sp => new ClusterFiles(sp.GetRequiredService<IOptions<MeshdockOptions>>().Value.DataDirectory));
        services.AddSingleton<KubeconfigSources>();
        services.AddSingleton<ContextSelection>();
        services.AddSingleton<ExecConfirmations>();
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<ClusterContexts>();
        services.AddOptions<HelmOptions>().BindConfiguration(HelmOptions.Section)
            // Helm's own cache and config live in Meshdock's data folder, away from the user's helm set-up.
            .PostConfigure<IOptions<MeshdockOptions>>((helm, meshdock) =>
                helm.Home ??= Path.Combine(meshdock.Value.DataDirectory, "helm"))
            .Validate(helm => helm.ListCacheDuration >= TimeSpan.Zero,
                "Helm:ListCacheDuration must be zero (no caching) or a positive time span such as 00:00:05.")
            .ValidateOnStart();
        services.AddSingleton<HelmRunner>();
        services.AddSingleton<HelmReleaseCache>();
        services.AddSingleton<PodProgressWatcher>();
        return services;
    }

    /// <summary>Inside a container when Docker says so (<c>/.dockerenv</c>) or when serving the extension socket.</summary>
    private sealed class DetectContainer(IOptions<MeshdockOptions> meshdock) : IPostConfigureOptions<ClusterOptions>
    {
        public void PostConfigure(string? name, ClusterOptions options) =>
            options.InContainer ??= meshdock.Value.ContainerMode || File.Exists("/.dockerenv");
    }
}
