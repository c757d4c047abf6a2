namespace Meshdock.Load;

/// <summary>
/// What the requests of a run got back, by class: 2xx, 3xx, 4xx, 5xx and socket errors (no HTTP answer), the most
/// frequent codes, the success rate (share of 2xx) and the good throughput (2xx per second). A run that shows
/// "10 of 500 passed, the rest got 429" is told apart from one where all 500 passed, which raw throughput cannot do.
/// </summary>
public sealed record StatusBreakdown(
    long Requests,
    long Success2xx,
    long Redirect3xx,
    long ClientError4xx,
    long ServerError5xx,
    long SocketErrors,
    IReadOnlyList<StatusCount> TopCodes,
    double? SuccessRatePercent,
    double? GoodRps)
{
    /// <summary>How many codes <see cref="TopCodes"/> lists, most frequent first.</summary>
    public const int TopCodeCount = 3;

    /// <summary>Responses that were not 2xx, plus requests that got no response.</summary>
    public long Non2xx => Requests - Success2xx;

    public static StatusBreakdown From(LoadResult result) =>
        Of(result.StatusCodes, result.ErrorCount, result.DurationSeconds);

    /// <param name="statusCodes">Responses per HTTP status code.</param>
    /// <param name="socketErrors">Requests that got no HTTP response.</param>
    /// <param name="durationSeconds">The measured period; null or 0 leaves <see cref="GoodRps"/> unknown.</param>
    public static StatusBreakdown Of(IReadOnlyDictionary<int, long> statusCodes, long socketErrors, double? durationSeconds)
    {
        long Between(int from, int to) => statusCodes.Where(s => s.Key >= from && s.Key < to).Sum(s => s.Value);
        var success = Between(200, 300);
        var requests = statusCodes.Values.Sum() + socketErrors;
        return new StatusBreakdown(
            requests,
            success,
            Between(300, 400),
            Between(400, 500),
            Between(500, 600),
            socketErrors,
            [.. statusCodes.Where(s => s.Value > 0).OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(TopCodeCount)
                .Select(s => new StatusCount(s.Key, s.Value))],
            requests == 0 ? null : 100.0 * success / requests,
            durationSeconds is > 0 and var seconds && double.IsFinite(seconds) ? success / seconds : null);
    }
}

/// <summary>How many responses carried one HTTP status code.</summary>
public sealed record StatusCount(int Code, long Count);
