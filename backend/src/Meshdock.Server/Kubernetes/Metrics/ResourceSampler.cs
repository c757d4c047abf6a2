using k8s;

namespace Meshdock.Server.Kubernetes.Metrics;

/// <summary>
/// Pods whose usage is summed as one figure: those of <paramref name="Namespace"/> matching
/// <paramref name="LabelSelector"/>, counting only the container named <paramref name="OnlyContainer"/>, or every
/// container but <paramref name="ExceptContainer"/>, or all of them.
/// </summary>
public sealed record SampleGroup(string Name, string Namespace, string? LabelSelector, string? OnlyContainer = null, string? ExceptContainer = null)
{
    public bool Counts(string container) =>
        (OnlyContainer is null || container == OnlyContainer) && (ExceptContainer is null || container != ExceptContainer);
}

/// <summary>One reading of a group: how many pods had a matching container, and their summed CPU and memory.</summary>
public sealed record GroupSample(DateTimeOffset At, int Pods, double CpuMillicores, double MemoryMiB);

/// <summary>
/// Samples PodMetrics for some groups every <c>interval</c> while a measurement runs, then hands the readings back.
/// metrics-server refreshes each pod every 15 s or so (its <c>--metric-resolution</c>), so a reading whose pods all
/// carry the timestamps of the previous one is the same measurement and is not counted twice. A reading that fails
/// (the metrics API restarting) is skipped and counted in <see cref="Failures"/>.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly IReadOnlyList<SampleGroup> _groups;
    private readonly Dictionary<string, List<GroupSample>> _samples;
    private readonly Dictionary<string, string> _lastStamps = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ResourceSampler(IKubernetes client, IReadOnlyList<SampleGroup> groups, TimeSpan interval, TimeProvider time)
    {
        _client = client;
        _groups = groups;
        _samples = groups.ToDictionary(g => g.Name, _ => new List<GroupSample>(), StringComparer.Ordinal);
        _loop = RunAsync(interval, time, _stop.Token);
    }

    public int Failures { get; private set; }

    public string? LastFailure { get; private set; }

    public static ResourceSampler Start(IKubernetes client, IReadOnlyList<SampleGroup> groups, TimeSpan interval, TimeProvider time) =>
        new(client, groups, interval, time);

    /// <summary>Takes a last reading, stops, and returns each group's readings.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<GroupSample>>> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop;
        await SampleOnceAsync(cancellationToken);
        return _samples.ToDictionary(p => p.Key, p => (IReadOnlyList<GroupSample>)p.Value, StringComparer.Ordinal);
    }

    private async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await SampleOnceAsync(stop);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: StopAsync takes the last reading.
        }
    }

    private async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var group in _groups)
        {
            IReadOnlyList<PodUsage> pods;
            try
            {
                pods = await PodMetricsReader.ListAsync(_client, group.Namespace, group.LabelSelector, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failures++;
                LastFailure = e.Message;
                continue;
            }

            var counted = pods
                .Select(p => (p.Pod, p.Timestamp, Containers: p.Containers.Where(c => group.Counts(c.Name)).ToList()))
                .Where(p => p.Containers.Count > 0)
                .ToList();
            var stamps = string.Join(',', counted.Select(p => $"{p.Pod}@{p.Timestamp:O}").Order(StringComparer.Ordinal));
            if (counted.Count == 0 || _lastStamps.GetValueOrDefault(group.Name) == stamps)
            {
                continue;
            }

            _lastStamps[group.Name] = stamps;
            _samples[group.Name].Add(new GroupSample(
                counted.Max(p => p.Timestamp),
                counted.Count,
                counted.Sum(p => p.Containers.Sum(c => c.CpuMillicores)),
                counted.Sum(p => p.Containers.Sum(c => c.MemoryMiB))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
