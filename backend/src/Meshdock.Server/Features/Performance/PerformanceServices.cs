using Meshdock.Server.Features.Performance.ClusterRunner;
using Meshdock.Server.Features.Performance.Overhead;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance;

public static class PerformanceServices
{
    public static IServiceCollection AddPerformance(this IServiceCollection services)
    {
        services.AddOptions<PerfOptions>().BindConfiguration(PerfOptions.Section)
            .Validate(perf => perf.JobTtlSeconds >= 0, "Perf:JobTtlSeconds must be 0 or more (seconds a finished runner Job stays).")
            .Validate(perf => perf.SampleInterval > TimeSpan.Zero, "Perf:SampleInterval must be longer than zero (how often a cluster run reads the metrics API).")
            .ValidateOnStart();
        services.AddSingleton<RunnerImage>();
        services.AddSingleton<RunResourceSampling>();
        services.AddSingleton<ClusterRun>();
        services.AddSingleton<PerfTargets>();
        services.AddSingleton<PerfStore>();
        services.AddSingleton<IOperationRetentionPolicy, PerfRunRetention>();
        services.AddSingleton<PerfRunner>();
        services.AddSingleton<PerfEnvironment>();
        services.AddSingleton<IPerfRunLauncher, PerfRunLauncher>();
        services.AddOverhead();
        return services;
    }
}
