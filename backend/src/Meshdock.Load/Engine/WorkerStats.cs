using HdrHistogram;
using Meshdock.Load.Grpc;
using Meshdock.Load.Histograms;

namespace Meshdock.Load.Engine;

/// <summary>
/// What one worker (a shard of the connection loops) measured. Loops of a worker may run on different threads,
/// so counters are interlocked and histograms are <see cref="Recorder"/>s, which the timeline reads every second
/// without stopping the writers.
/// </summary>
internal sealed class WorkerStats
{
    private const int StatusSlots = 1000;
    private static readonly int ErrorKinds = Enum.GetValues<ErrorKind>().Length;

    private readonly long[] _statusCounts = new long[StatusSlots];
    private readonly long[] _errorCounts = new long[ErrorKinds];
    private readonly long[] _grpcCounts = new long[GrpcStatusCodes.Count];
    private readonly string?[] _firstErrors = new string?[ErrorKinds];
    private long _requests;
    private long _failures;
    private long _bytesSent;
    private long _bytesReceived;
    private long _late;
    private long _warmup;

    public Recorder Latency { get; } = LatencyHistograms.CreateRecorder();
    public Recorder ServiceTime { get; } = LatencyHistograms.CreateRecorder();
    public Recorder Lateness { get; } = LatencyHistograms.CreateRecorder();
    public Recorder ErrorLatency { get; } = LatencyHistograms.CreateRecorder();
    public SizeRecorder ResponseSizes { get; } = new(SizeRecorder.TotalDivider);
    public SizeRecorder HeaderSizes { get; } = new(SizeRecorder.HeaderDivider);

    public long Requests => Volatile.Read(ref _requests);
    public long Failures => Volatile.Read(ref _failures);
    public long BytesSent => Volatile.Read(ref _bytesSent);
    public long BytesReceived => Volatile.Read(ref _bytesReceived);
    public long Late => Volatile.Read(ref _late);
    public long Warmup => Volatile.Read(ref _warmup);

    public void RecordResponse(int status, long latencyNs, long serviceNs)
    {
        Latency.RecordValue(LatencyHistograms.Clamp(latencyNs));
        ServiceTime.RecordValue(LatencyHistograms.Clamp(serviceNs));
        if (IsFortioError(status))
            ErrorLatency.RecordValue(LatencyHistograms.Clamp(latencyNs));
        Interlocked.Increment(ref _statusCounts[status < StatusSlots ? status : 0]);
        if (status >= 400)
            Interlocked.Increment(ref _failures);
        Interlocked.Increment(ref _requests);
    }

    /// <summary>The size of an answer whose bytes the connection counted (HTTP/1.1).</summary>
    public void RecordSizes(long responseBytes, long headerBytes)
    {
        ResponseSizes.Record(responseBytes);
        HeaderSizes.Record(headerBytes);
    }

    /// <summary>Fortio's rule for a failed call (its <c>codeIsOK</c>): any status outside 2xx except 418.</summary>
    internal static bool IsFortioError(int status) => status is < 200 or > 299 and not 418;

    /// <summary>A gRPC call answered with HTTP 200: it counts by its grpc-status, and fails unless OK.</summary>
    public void RecordGrpcResponse(int grpcStatus, long latencyNs, long serviceNs)
    {
        Latency.RecordValue(LatencyHistograms.Clamp(latencyNs));
        ServiceTime.RecordValue(LatencyHistograms.Clamp(serviceNs));
        // A code gRPC does not define counts as UNKNOWN, as gRPC clients treat it.
        Interlocked.Increment(ref _grpcCounts[grpcStatus is >= 0 and < GrpcStatusCodes.Count ? grpcStatus : GrpcStatusCodes.Unknown]);
        if (grpcStatus != GrpcStatusCodes.Ok)
        {
            ErrorLatency.RecordValue(LatencyHistograms.Clamp(latencyNs));
            Interlocked.Increment(ref _failures);
        }
        Interlocked.Increment(ref _requests);
    }

    public void RecordError(ErrorKind kind, string message)
    {
        Interlocked.CompareExchange(ref _firstErrors[(int)kind], message, null);
        Interlocked.Increment(ref _errorCounts[(int)kind]);
        Interlocked.Increment(ref _failures);
        Interlocked.Increment(ref _requests);
    }

    /// <summary>Open model: how far behind its intended time a request was sent.</summary>
    public void RecordLateness(long latenessNs, bool late)
    {
        Lateness.RecordValue(LatencyHistograms.Clamp(latenessNs));
        if (late)
            Interlocked.Increment(ref _late);
    }

    public void AddBytes(long sent, long received)
    {
        if (sent != 0)
            Interlocked.Add(ref _bytesSent, sent);
        if (received != 0)
            Interlocked.Add(ref _bytesReceived, received);
    }

    public void RecordWarmup() => Interlocked.Increment(ref _warmup);

    /// <summary>Adds the counts so far into running totals, while the loops still run (for a second's breakdown).</summary>
    public void AddLiveCountsTo(long[] statusCounts, long[] errorCounts)
    {
        for (var status = 0; status < StatusSlots; status++)
            statusCounts[status] += Volatile.Read(ref _statusCounts[status]);
        for (var kind = 0; kind < ErrorKinds; kind++)
            errorCounts[kind] += Volatile.Read(ref _errorCounts[kind]);
    }

    public static int StatusSlotCount => StatusSlots;

    public static int ErrorKindCount => ErrorKinds;

    /// <summary>Adds this worker's status and error counts into run-wide totals (read after the loops ended).</summary>
    public void AddCountsTo(Dictionary<int, long> statusCounts, long[] errorCounts, string?[] firstErrors, long[] grpcCounts)
    {
        for (var code = 0; code < GrpcStatusCodes.Count; code++)
            grpcCounts[code] += _grpcCounts[code];
        for (var status = 0; status < StatusSlots; status++)
            if (_statusCounts[status] > 0)
                statusCounts[status] = statusCounts.GetValueOrDefault(status) + _statusCounts[status];
        for (var kind = 0; kind < ErrorKinds; kind++)
        {
            errorCounts[kind] += _errorCounts[kind];
            firstErrors[kind] ??= _firstErrors[kind];
        }
    }
}
