using System.Threading.Channels;
using Meshdock.Load;
using Meshdock.Server.Features.Performance.ClusterRunner;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

using HttpProtocol = Meshdock.Load.HttpProtocol;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Runs a load test as an operation: the run's id is the operation's id, one progress event a second carries the
/// live figures, and the full result (partial when cancelled) is stored before the operation ends.
/// </summary>
public sealed class PerfRunner(
    OperationService operations, PerfStore store, ClusterRun cluster, IOptions<PerfOptions> options, IOptions<MeshdockOptions> meshdock, TimeProvider time)
{
    public Task<OperationStart> StartAsync(string name, string? profileId, PerfSpec spec, LoadSpec load)
    {
        var host = TargetHost(load);
        // Two runs against one host:port would measure each other; one at a time per target keeps numbers honest.
        return operations.StartAsync(PerformanceOperations.RunKind, PerformanceOperations.Target(host), $"Load test {name}", context => RunAsync(context, name, profileId, spec, load, host));
    }

    public static string TargetHost(LoadSpec spec)
    {
        var url = new Uri(spec.Urls[0]);
        return $"{url.Host}:{url.Port}";
    }

    private async Task RunAsync(OperationContext context, string name, string? profileId, PerfSpec spec, LoadSpec load, string host)
    {
        var run = new PerfRun(context.OperationId, name, PerfRun.Measured, "running", profileId, host, spec, time.GetUtcNow(), null);
        await store.SaveRunAsync(run, smp: null, identity: context.OperationId, CancellationToken.None);
        await context.LogAsync(Describe(load));

        LoadResult result;
        PerfPlacement placement;
        PerfResources? resources = null;
        try
        {
            if (spec.InCluster)
            {
                (result, placement, resources) = await cluster.RunAsync(context, load, spec.Runner!, second => ReportAsync(context, second, load));
            }
            else
            {
                (result, placement) = await RunLocallyAsync(context, load);
            }
        }
        catch (Exception e) when (e is OperationFailedException or LoadTargetException)
        {
            throw e is LoadTargetException
                ? new OperationFailedException($"{e.Message} Check the URL, or that the service is deployed and reachable from Meshdock.")
                : e;
        }

        await store.SaveRunAsync(run with { Summary = PerfRunSummary.From(result, placement) with { Resources = resources }, Result = result }, null, null, CancellationToken.None);
        await context.LogAsync(Summarize(result));
        if (result.Schedule is { Late: > 0 } schedule)
        {
            await context.WarnAsync($"{schedule.Late:N0} requests were sent more than {schedule.LateThresholdMs:0.#} ms after their scheduled time "
                + $"(p99 {schedule.LatenessP99Ms:0.##} ms late): the target or the generator could not keep up with {load.Rps:N0} rps. "
                + "The corrected latency includes that wait.");
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        if (result.Responses == 0 && result.Errors.Count > 0)
        {
            var first = result.Errors[0];
            throw new OperationFailedException($"No request got a response: {first.Count:N0} × {first.Kind}, first \"{first.FirstMessage}\". "
                + "Check that the target is running and the URL is right.");
        }
    }

    /// <summary>From Meshdock's own process; in the extension's container a loopback target goes to the host instead.</summary>
    private async Task<(LoadResult, PerfPlacement)> RunLocallyAsync(OperationContext context, LoadSpec load)
    {
        var placement = new PerfPlacement(PerfRunnerSpec.Local);
        if (meshdock.Value.ContainerMode && await LoopbackTarget.RewriteAsync(load, options.Value.HostGateway, context.CancellationToken) is { } rewritten)
        {
            await context.LogAsync($"Sending to {string.Join(", ", rewritten.Urls)}: inside Meshdock's container, localhost is the container, "
                + $"and {options.Value.HostGateway} is your machine.");
            placement = placement with { TargetRewrittenFrom = string.Join(", ", load.Urls) };
            load = rewritten;
        }

        // The engine reports seconds on a pool thread; a channel hands them to this async flow in order.
        var seconds = Channel.CreateUnbounded<TimelineSecond>(new UnboundedChannelOptions { SingleReader = true });
        var relay = RelayAsync(context, seconds.Reader, load);
        try
        {
            return (await LoadRunner.RunAsync(load, new Progress(seconds.Writer), context.CancellationToken), placement);
        }
        finally
        {
            seconds.Writer.TryComplete();
            await relay;
        }
    }

    private static async Task RelayAsync(OperationContext context, ChannelReader<TimelineSecond> seconds, LoadSpec load)
    {
        await foreach (var second in seconds.ReadAllAsync(CancellationToken.None))
        {
            await ReportAsync(context, second, load);
        }
    }

    /// <summary>One progress event a second with the live figures (the UI's live chart reads its data).</summary>
    private static async Task ReportAsync(OperationContext context, TimelineSecond second, LoadSpec load)
    {
        var total = load.Duration is { } duration ? (int)Math.Ceiling(duration.TotalSeconds) : (int?)null;
        var done = total is null && load.Requests is { } requests
            ? (int)Math.Min(100, second.TotalRequests * 100 / Math.Max(1, requests))
            : Math.Min(second.Second, total ?? second.Second);
        await context.ProgressAsync(done, total ?? (load.Requests is null ? null : 100),
            $"{second.Second} s: {second.Rps:N0} rps, p50 {second.P50Ms:0.##} ms, p99 {second.P99Ms:0.##} ms, {second.Errors} errors",
            new { second.Second, second.Rps, second.P50Ms, second.P99Ms, second.Errors, second.TotalRequests });
    }

    private static string Describe(LoadSpec load) =>
        $"{load.Method} {string.Join(", ", load.Urls)}: "
        + (load.Model == LoadModel.Open ? $"open model at {load.Rps:N0} rps" : "closed model (maximum throughput)")
        + $" over {load.Connections} connection{(load.Connections == 1 ? "" : "s")}"
        + (load.Duration is { } d ? $" for {d.TotalSeconds:0.###} s" : "")
        + (load.Requests is { } r ? $" up to {r:N0} requests" : "")
        + (load.Protocol == HttpProtocol.Http2 ? " over HTTP/2." : ".");

    private static string Summarize(LoadResult result) =>
        $"{result.Requests:N0} requests in {result.DurationSeconds:0.##} s ({result.ActualRps:N0} rps); "
        + (result.Latency.Count > 0 ? $"p50 {result.Latency.P50Ms:0.##} ms, p90 {result.Latency.P90Ms:0.##} ms, p99 {result.Latency.P99Ms:0.##} ms, max {result.Latency.MaxMs:0.##} ms; " : "")
        + $"{result.ErrorCount:N0} errors.";

    private sealed class Progress(ChannelWriter<TimelineSecond> writer) : IProgress<TimelineSecond>
    {
        public void Report(TimelineSecond value) => writer.TryWrite(value);
    }
}
