namespace Meshdock.Server.Features.MetricsServer;

public static class MetricsServerServices
{
    /// <summary>The metrics-server install and status. Needs AddKubernetes and AddOperations.</summary>
    public static IServiceCollection AddMetricsServer(this IServiceCollection services)
    {
        services.AddOptions<MetricsServerOptions>().BindConfiguration(MetricsServerOptions.Section);
        services.AddSingleton<MetricsServerInstaller>();
        return services;
    }
}
