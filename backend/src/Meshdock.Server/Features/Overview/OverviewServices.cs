namespace Meshdock.Server.Features.Overview;

public static class OverviewServices
{
    /// <summary>
    /// The Overview page's readers: the cluster summary and the Docker engine probe. Other features add
    /// <see cref="IInstalledMeshDetector"/> implementations for the cluster summary.
    /// </summary>
    public static IServiceCollection AddOverview(this IServiceCollection services)
    {
        services.AddSingleton<ClusterOverviewReader>();
        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.Section);
        services.AddSingleton<DockerEngineProbe>();
        return services;
    }
}
