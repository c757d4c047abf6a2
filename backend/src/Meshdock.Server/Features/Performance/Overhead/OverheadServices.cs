using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance.Overhead;

public static class OverheadServices
{
    /// <summary>The overhead report. Needs the launcher (<see cref="IPerfRunLauncher"/>), the Apps' and Meshes' seams and AddKubernetes.</summary>
    public static IServiceCollection AddOverhead(this IServiceCollection services)
    {
        services.AddOptions<OverheadOptions>().BindConfiguration(OverheadOptions.Section);
        services.AddSingleton<OverheadStore>();
        services.AddSingleton<IOperationRetentionPolicy, OverheadRetention>();
        services.AddSingleton<OverheadRunner>();
        return services;
    }
}
