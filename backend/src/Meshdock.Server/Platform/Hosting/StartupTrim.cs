using System.Runtime;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// Returns start-up's garbage to the operating system once the server has settled. Start-up parses configuration,
/// opens the database and builds the endpoints, and the GC keeps the memory that took until a later collection —
/// which an idle extension may never trigger. One compacting, decommitting collection a few seconds after start
/// keeps the idle backend's resident memory about 2–3 MB lower (docs/performance.md).
/// </summary>
internal sealed class StartupTrim(IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }
        await Task.Delay(Settle, stoppingToken).ConfigureAwait(false);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
