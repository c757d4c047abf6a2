namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Runs one load test to its end and stores it in the perf history, whatever generates the load: Meshdock's own
/// process or the cluster runner's Job (<see cref="PerfRunLauncher"/>). What the overhead report and
/// any other caller go through, so that where the load comes from is decided in one place.
/// </summary>
public interface IPerfRunLauncher
{
    /// <summary>
    /// Starts the run as its own operation (it shows in the history with live progress), waits for its end and
    /// returns the stored run's id. Cancelling <paramref name="cancellationToken"/> cancels the run; its partial
    /// result is kept. A run that cannot start or gets no answer throws an
    /// <see cref="Operations.OperationFailedException"/> with a sentence saying why.
    /// </summary>
    Task<string> RunAsync(PerfLaunch launch, CancellationToken cancellationToken);
}

/// <param name="Name">The run's name in the history.</param>
/// <param name="TargetUrl">The target as a client inside the cluster names it (<c>http://httpbin.ns.svc.cluster.local:8000/get</c>),
/// or any URL the runner reaches.</param>
/// <param name="Profile">Model, rate, connections, duration, warm-up; its <c>Urls</c> are replaced by <paramref name="TargetUrl"/>.</param>
/// <param name="Runner">Where the load comes from.</param>
public sealed record PerfLaunch(string Name, string TargetUrl, PerfSpec Profile, PerfRunnerSpec Runner);
