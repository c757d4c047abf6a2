namespace Meshdock.Server.Perf;

public static class PerfExtensions
{
    public static IServiceCollection AddPerf(this IServiceCollection services)
    {
        services.AddSingleton<PerfStore>();
        services.AddSingleton<PerfRunner>();
        services.AddSingleton<PerfEnvironment>();
        return services;
    }
}
