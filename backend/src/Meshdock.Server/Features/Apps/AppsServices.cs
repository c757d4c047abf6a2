using Meshdock.Server.Features.Cleanup;

namespace Meshdock.Server.Features.Apps;

public static class AppsServices
{
    public static IServiceCollection AddApps(this IServiceCollection services)
    {
        services.AddOptions<AppsOptions>().BindConfiguration(AppsOptions.Section);
        services.AddSingleton(_ => SampleAppCatalog.LoadEmbedded());
        services.AddSingleton<AppLifecycle>();
        services.AddSingleton<AppOverview>();
        services.AddSingleton<IClusterCleanupStep, AppsCleanupStep>();
        services.AddSingleton<IWorkloadDeployer, WorkloadDeployer>();
        return services;
    }
}
