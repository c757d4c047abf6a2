using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm;

/// <summary><c>proxy_metric_type_t</c>.</summary>
public enum MetricKind
{
    Counter = 0,
    Gauge = 1,
    Histogram = 2,
}

/// <summary>A metric's current value. For a histogram: how many values were recorded (<see cref="Value"/>) and their sum.</summary>
public sealed record MetricSnapshot(string Name, MetricKind Kind, long Value, long Sum);

/// <summary>The metrics filters define, shared by every instance of a host (same name and kind, same metric).</summary>
public sealed class MetricsStore
{
    private readonly Lock _gate = new();
    private readonly List<Metric> _metrics = [];
    private readonly Dictionary<(string, MetricKind), int> _ids = [];

    internal ProxyStatus Define(int kind, string name, out int id)
    {
        id = 0;
        if (kind is < 0 or > 2)
        {
            return ProxyStatus.BadArgument;
        }

        lock (_gate)
        {
            if (!_ids.TryGetValue((name, (MetricKind)kind), out id))
            {
                _metrics.Add(new Metric(name, (MetricKind)kind));
                id = _metrics.Count; // ids start at 1 so that 0 never names a metric
                _ids[(name, (MetricKind)kind)] = id;
            }

            return ProxyStatus.Ok;
        }
    }

    internal ProxyStatus Increment(int id, long delta)
    {
        lock (_gate)
        {
            if (Find(id) is not { } metric)
            {
                return ProxyStatus.NotFound;
            }

            if (metric.Kind == MetricKind.Histogram || (metric.Kind == MetricKind.Counter && delta < 0))
            {
                return ProxyStatus.BadArgument;
            }

            metric.Value += delta;
            return ProxyStatus.Ok;
        }
    }

    internal ProxyStatus Record(int id, long value)
    {
        lock (_gate)
        {
            if (Find(id) is not { } metric)
            {
                return ProxyStatus.NotFound;
            }

            if (metric.Kind == MetricKind.Histogram)
            {
                metric.Value++;
                metric.Sum += value;
            }
            else
            {
                metric.Value = value;
            }

            return ProxyStatus.Ok;
        }
    }

    internal ProxyStatus Get(int id, out long value)
    {
        lock (_gate)
        {
            value = Find(id)?.Value ?? 0;
            return Find(id) is null ? ProxyStatus.NotFound : ProxyStatus.Ok;
        }
    }

    public IReadOnlyList<MetricSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return [.. _metrics.Select(m => new MetricSnapshot(m.Name, m.Kind, m.Value, m.Sum))];
        }
    }

    private Metric? Find(int id) => id >= 1 && id <= _metrics.Count ? _metrics[id - 1] : null;

    private sealed class Metric(string name, MetricKind kind)
    {
        public string Name { get; } = name;

        public MetricKind Kind { get; } = kind;

        public long Value { get; set; }

        public long Sum { get; set; }
    }
}
