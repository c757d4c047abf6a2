namespace Meshdock.Load;

/// <summary>Everything one run measured. Serialisable with System.Text.Json as is (the server stores it).</summary>
public sealed record LoadResult
{
    public required LoadSpec Spec { get; init; }

    /// <summary>Start of the measured period (after warm-up), UTC.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When the last counted request finished (or the run was cancelled), UTC.</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>Length of the measured period the rate is computed over: the duration for a timed run, up to the
    /// last answer for a counted run, up to the cancellation for a cancelled run.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>True when the run was cancelled; the figures cover what happened until then.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Requests sent in the measured period and finished: answered or failed. In-flight requests at the
    /// end are awaited (up to the timeout), so this equals what the server received.</summary>
    public required long Requests { get; init; }

    /// <summary>Requests answered with an HTTP response (any status).</summary>
    public required long Responses { get; init; }

    /// <summary>Requests per second over <see cref="DurationSeconds"/>.</summary>
    public required double ActualRps { get; init; }

    /// <summary>Requests sent during the warm-up; not included in any other figure.</summary>
    public long WarmupRequests { get; init; }

    /// <summary>Responses per HTTP status code.</summary>
    public required IReadOnlyDictionary<int, long> StatusCodes { get; init; }

    /// <summary>gRPC targets: calls answered with HTTP 200, by grpc-status name (OK, UNAVAILABLE, ...); empty for HTTP.</summary>
    public IReadOnlyDictionary<string, long> GrpcStatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>Requests that got no response, by kind, with the first message seen for each kind.</summary>
    public required IReadOnlyList<ErrorSummary> Errors { get; init; }

    /// <summary>Bytes written to / read from the TCP connections (HTTP/2 framing and TLS records included).</summary>
    public required long BytesSent { get; init; }

    public required long BytesReceived { get; init; }

    /// <summary>Latency of answered requests. Open model: from each request's intended send time (coordinated-omission
    /// corrected). Closed model: the same as <see cref="ServiceTime"/>.</summary>
    public required LatencyStats Latency { get; init; }

    /// <summary>From the moment a request was actually written to its complete response (uncorrected).</summary>
    public required LatencyStats ServiceTime { get; init; }

    /// <summary>The <see cref="Latency"/> of answered requests whose status Fortio counts as a failure (outside 2xx, except
    /// 418), for Fortio's <c>ErrorsDurationHistogram</c>. Null in results stored before it was measured.</summary>
    public LatencyStats? ErrorLatency { get; init; }

    /// <summary>Open model only: whether the generator kept to its schedule.</summary>
    public ScheduleStats? Schedule { get; init; }

    /// <summary>Bytes of each HTTP/1.1 response (status line, headers and body as framed on the wire, TLS aside), for
    /// Fortio's <c>Sizes</c>. Null when unknown: HTTP/2 and gRPC runs, imported runs and results stored before.</summary>
    public SizeStats? ResponseSizes { get; init; }

    /// <summary>Bytes of each HTTP/1.1 response's status line and headers, for Fortio's <c>HeaderSizes</c>; null when unknown.</summary>
    public SizeStats? HeaderSizes { get; init; }

    /// <summary>One entry per second of the measured period (the last one may be shorter).</summary>
    public required IReadOnlyList<TimelineSecond> Timeline { get; init; }

    public long ErrorCount => Errors.Sum(e => e.Count);
}

public enum ErrorKind
{
    ConnectRefused,
    Timeout,
    Tls,
    Reset,
    Other,
}

/// <summary>How many requests failed in one way, and the first message seen.</summary>
public sealed record ErrorSummary(ErrorKind Kind, long Count, string FirstMessage);

/// <summary>Summary of one latency histogram, in milliseconds.</summary>
public sealed record LatencyStats
{
    public required long Count { get; init; }
    public required double MinMs { get; init; }
    public required double MeanMs { get; init; }
    public required double StdDevMs { get; init; }
    public required double P50Ms { get; init; }
    public required double P75Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double P999Ms { get; init; }
    public required double P9999Ms { get; init; }
    public required double MaxMs { get; init; }

    /// <summary>Counts in logarithmic buckets (10 per decade), for a histogram chart.</summary>
    public required IReadOnlyList<HistogramBucket> Distribution { get; init; }

    /// <summary>The percentile curve (HdrHistogram's percentile iteration), for a log-scale percentile chart.</summary>
    public required IReadOnlyList<PercentilePoint> PercentileCurve { get; init; }

    /// <summary>The full histogram in HdrHistogram's compressed V2 encoding (base64, values in nanoseconds), so two
    /// runs can be merged or compared exactly later. See <see cref="Histograms.HistogramCodec"/>.</summary>
    public required string Histogram { get; init; }
}

public sealed record HistogramBucket(double FromMs, double ToMs, long Count);

/// <summary>Sizes in bytes of the answered requests, in Fortio's buckets (see <see cref="Histograms.SizeRecorder"/>).</summary>
public sealed record SizeStats
{
    public required long Count { get; init; }
    public required long Min { get; init; }
    public required long Max { get; init; }
    public required long Sum { get; init; }
    public required double Avg { get; init; }
    public required double StdDev { get; init; }

    /// <summary>The non-empty buckets, ascending; the first starts at <see cref="Min"/>, the last ends at <see cref="Max"/>.</summary>
    public required IReadOnlyList<SizeBucket> Buckets { get; init; }
}

/// <summary>Sizes in (Start, End] bytes (the first bucket includes Min).</summary>
public sealed record SizeBucket(double Start, double End, long Count);

public sealed record PercentilePoint(double Percentile, double ValueMs);

/// <summary>Open model: how well the generator held the schedule.</summary>
public sealed record ScheduleStats
{
    /// <summary>Requests whose intended send time fell in the measured period.</summary>
    public required long Scheduled { get; init; }

    /// <summary>Scheduled requests never sent because the run ended while their connection was still behind.</summary>
    public required long Missed { get; init; }

    /// <summary>Requests sent more than <see cref="LateThresholdMs"/> after their intended time (their connection was
    /// still waiting for an earlier response, or the generator was short of CPU).</summary>
    public required long Late { get; init; }

    public required double LateThresholdMs { get; init; }

    /// <summary>How late sends were, over all sent requests (0 when on time).</summary>
    public required double LatenessP50Ms { get; init; }

    public required double LatenessP99Ms { get; init; }

    public required double LatenessMaxMs { get; init; }
}

/// <summary>One second of the run, delivered live and kept in the result.</summary>
public sealed record TimelineSecond
{
    /// <summary>1 for the first second of the measured period.</summary>
    public required int Second { get; init; }

    /// <summary>Seconds since measuring started, at the end of this interval.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Requests finished in this interval.</summary>
    public required long Requests { get; init; }

    public required double Rps { get; init; }

    /// <summary>Latency percentiles (corrected in the open model) of responses in this interval; 0 when none.</summary>
    public required double P50Ms { get; init; }

    public required double P99Ms { get; init; }

    /// <summary>Requests in this interval that failed: no response, or a status of 400 or above.</summary>
    public required long Errors { get; init; }

    /// <summary>Requests finished since measuring started.</summary>
    public required long TotalRequests { get; init; }
}
