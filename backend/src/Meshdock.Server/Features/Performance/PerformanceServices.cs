namespace Meshdock.Server.Features.Performance;

public static class PerformanceServices
{
    public static IServiceCollection AddPerformance(this IServiceCollection services)
    {
        services.AddSingleton<PerfStore>();
        services.AddSingleton<PerfRunner>();
        services.AddSingleton<PerfEnvironment>();
        return services;
    }
}
