namespace Meshdock.Load.Fortio;

/// <summary>
/// What Meshdock reads from Fortio's JSON result for its HTTP runner (<c>fortio load -json</c>, or the REST API's
/// reply). Durations are in seconds as Fortio writes them; <see cref="RequestedQps"/> is null for Fortio's "max"
/// (the closed model).
/// </summary>
public sealed record FortioResult
{
    public required string Labels { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public double? RequestedQps { get; init; }

    /// <summary>As Fortio writes it: a Go duration ("30s") or "exactly 100 calls".</summary>
    public required string RequestedDuration { get; init; }

    public required double ActualQps { get; init; }

    public required TimeSpan ActualDuration { get; init; }

    /// <summary>Fortio's <c>-c</c>: concurrent callers, each on its own connection with Fortio's default client.</summary>
    public required int NumThreads { get; init; }

    public string? Version { get; init; }

    public required string Url { get; init; }

    /// <summary>The request body (Fortio's <c>Payload</c>, which also makes the request a POST).</summary>
    public string? Payload { get; init; }

    public string? ContentType { get; init; }

    public string? MethodOverride { get; init; }

    /// <summary>Fortio's per-request timeout, when written.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Calls per status code; -1 counts calls that got no HTTP answer (socket errors).</summary>
    public required IReadOnlyDictionary<int, long> RetCodes { get; init; }

    public required FortioHistogram DurationHistogram { get; init; }

    public FortioHistogram? ErrorsDurationHistogram { get; init; }

    public long Exactly { get; init; }

    public bool Jitter { get; init; }

    public bool Uniform { get; init; }

    public bool NoCatchUp { get; init; }

    /// <summary>Fortio's model: a requested rate is the open model, "max" the closed one.</summary>
    public bool IsOpenModel => RequestedQps is > 0;

    public DateTimeOffset EndTime => StartTime + ActualDuration;

    /// <summary>The latency in milliseconds at <paramref name="percentile"/>: Fortio's own figure when it lists it,
    /// otherwise interpolated in the histogram as Fortio does.</summary>
    public double PercentileMs(double percentile) =>
        1000 * (DurationHistogram.Percentiles.FirstOrDefault(p => p.Percentile == percentile)?.Value
            ?? DurationHistogram.ValueAt(percentile));
}

/// <summary>Fortio's <c>HistogramData</c>: values in seconds (durations) or bytes (sizes).</summary>
public sealed record FortioHistogram(
    long Count, double Min, double Max, double Sum, double Avg, double StdDev,
    IReadOnlyList<FortioBucket> Data, IReadOnlyList<FortioPercentile> Percentiles)
{
    /// <summary>Linear interpolation inside the bucket that reaches <paramref name="percentile"/> (Fortio's
    /// <c>CalcPercentile</c>), clamped to [Min, Max].</summary>
    public double ValueAt(double percentile)
    {
        if (Count == 0 || Data.Count == 0)
            return 0;
        if (percentile <= 0)
            return Min;
        var previous = 0.0;
        foreach (var bucket in Data)
        {
            if (bucket.Percent >= percentile)
            {
                var start = Math.Max(bucket.Start, Min);
                var end = Math.Min(bucket.End, Max);
                var share = bucket.Percent > previous ? (percentile - previous) / (bucket.Percent - previous) : 1;
                return start + (end - start) * share;
            }
            previous = bucket.Percent;
        }
        return Max;
    }
}

/// <summary>One bucket: [Start, End), Percent is cumulative.</summary>
public sealed record FortioBucket(double Start, double End, double Percent, long Count);

public sealed record FortioPercentile(double Percentile, double Value);
