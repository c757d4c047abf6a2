namespace Meshdock.Load.Grpc;

/// <summary>
/// What the calls of a gRPC run got back: OK against every other gRPC status, HTTP answers that carried no gRPC
/// status (a proxy's 503, say), socket errors, the most frequent codes by name, the success rate (share of OK) and
/// the good throughput (OK per second). The gRPC counterpart of <see cref="StatusBreakdown"/>: a gRPC call answered
/// with HTTP 200 can still have failed, so HTTP classes say nothing about it.
/// </summary>
public sealed record GrpcBreakdown(
    long Requests,
    long Ok,
    long NotOk,
    long HttpErrors,
    long SocketErrors,
    IReadOnlyList<GrpcCodeCount> TopCodes,
    double? SuccessRatePercent,
    double? GoodRps)
{
    /// <summary>How many codes <see cref="TopCodes"/> lists, most frequent first.</summary>
    public const int TopCodeCount = 3;

    /// <param name="grpcCodes">Calls per gRPC status name (OK, UNAVAILABLE, ...).</param>
    /// <param name="httpStatuses">Answers that were not HTTP 200, so carried no gRPC status, per HTTP status.</param>
    /// <param name="socketErrors">Calls that got no answer.</param>
    /// <param name="durationSeconds">The measured period; null or 0 leaves <see cref="GoodRps"/> unknown.</param>
    public static GrpcBreakdown Of(
        IReadOnlyDictionary<string, long> grpcCodes, IReadOnlyDictionary<int, long>? httpStatuses, long socketErrors, double? durationSeconds)
    {
        var ok = grpcCodes.GetValueOrDefault(GrpcStatusCodes.Name(GrpcStatusCodes.Ok));
        var notOk = grpcCodes.Where(c => c.Key != GrpcStatusCodes.Name(GrpcStatusCodes.Ok)).Sum(c => c.Value);
        var httpErrors = httpStatuses?.Values.Sum() ?? 0;
        var requests = ok + notOk + httpErrors + socketErrors;
        return new GrpcBreakdown(
            requests,
            ok,
            notOk,
            httpErrors,
            socketErrors,
            [.. grpcCodes.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopCodeCount)
                .Select(c => new GrpcCodeCount(c.Key, c.Value))],
            requests == 0 ? null : 100.0 * ok / requests,
            durationSeconds is > 0 and var seconds && double.IsFinite(seconds) ? ok / seconds : null);
    }
}

/// <summary>How many calls ended with one gRPC status, by its name.</summary>
public sealed record GrpcCodeCount(string Name, long Count);
