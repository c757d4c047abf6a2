using Meshdock.Server.Features.Performance.Overhead;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance;

public static class PerformanceServices
{
    public static IServiceCollection AddPerformance(this IServiceCollection services)
    {
        services.AddSingleton<PerfStore>();
        services.AddSingleton<IOperationRetentionPolicy, PerfRunRetention>();
        services.AddSingleton<PerfRunner>();
        services.AddSingleton<PerfEnvironment>();
        services.AddSingleton<IPerfRunLauncher, LocalPerfRunLauncher>();
        services.AddOverhead();
        return services;
    }
}
