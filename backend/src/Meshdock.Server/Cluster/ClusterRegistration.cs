using Meshdock.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// Registers the cluster connection and its parts. Other features use <see cref="ClusterConnection"/>; the meshes
    /// feature adds <see cref="IInstalledMeshDetector"/> implementations for the overview.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section);
        services.AddSingleton<IPostConfigureOptions<ClusterOptions>, DetectContainer>();
        services.AddSingleton(sp => new ClusterFiles(sp.GetRequiredService<IOptions<MeshdockOptions>>().Value.DataDirectory));
        services.AddSingleton<KubeconfigSources>();
        services.AddSingleton<ContextSelection>();
        services.AddSingleton<ExecConfirmations>();
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<ClusterContexts>();
        services.AddSingleton<ClusterOverviewReader>();
        return services;
    }

    /// <summary>Inside a container when Docker says so (<c>/.dockerenv</c>) or when serving the extension socket.</summary>
    private sealed class DetectContainer(IOptions<MeshdockOptions> meshdock) : IPostConfigureOptions<ClusterOptions>
    {
        public void PostConfigure(string? name, ClusterOptions options) =>
            options.InContainer ??= meshdock.Value.ContainerMode || File.Exists("/.dockerenv");
    }
}
