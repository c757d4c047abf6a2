namespace Meshdock.Load;

/// <summary>
/// One second of a run with what is needed to merge it exactly with other generators' seconds: the timeline entry,
/// the second's latency histogram (HdrHistogram's compressed encoding, base64, nanoseconds), and the responses by
/// status and the failures by kind finished in that second.
/// </summary>
public sealed record IntervalReport(
    TimelineSecond Second,
    string LatencyHistogram,
    IReadOnlyDictionary<int, long> StatusCodes,
    IReadOnlyDictionary<ErrorKind, long> ErrorKinds);
