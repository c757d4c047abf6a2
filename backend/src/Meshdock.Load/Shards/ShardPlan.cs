namespace Meshdock.Load.Shards;

/// <summary>
/// Splits one run over several generators (the cluster runner's pods): each gets its share of the connections, of
/// the request count and of the open model's rate, and the open model's schedules are offset so that together they
/// send at the whole rate with evenly spaced requests (generator i of n starts i/(n·rps) into each second's grid).
/// </summary>
public static class ShardPlan
{
    public const int MaxShards = 100;

    /// <summary>Why <paramref name="spec"/> cannot be split over <paramref name="shards"/> generators, or null.</summary>
    public static string? Problem(LoadSpec spec, int shards)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (shards is < 1 or > MaxShards)
            return $"Between 1 and {MaxShards} pods can share a run; {shards} was asked.";
        if (spec.Connections < shards)
            return $"Each pod needs at least one connection: {spec.Connections} connections cannot be shared by {shards} pods.";
        if (spec.Rps is { } rps && rps < shards)
            return $"Each pod needs at least one request a second: {rps} rps cannot be shared by {shards} pods.";
        if (spec.Requests is { } requests && requests < shards)
            return $"Each pod needs at least one request: {requests} requests cannot be shared by {shards} pods.";
        return null;
    }

    /// <summary>The part of <paramref name="spec"/> that generator <paramref name="index"/> of <paramref name="shards"/> runs.</summary>
    public static LoadSpec For(LoadSpec spec, int shards, int index)
    {
        if (Problem(spec, shards) is { } problem)
            throw new ArgumentException(problem, nameof(shards));
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, shards);
        return spec with
        {
            Connections = (int)Share(spec.Connections, shards, index),
            Requests = spec.Requests is { } requests ? Share(requests, shards, index) : null,
            Rps = spec.Rps is { } rps ? (int)Share(rps, shards, index) : null,
            StartPhase = spec.Rps is { } whole ? TimeSpan.FromTicks(index * TimeSpan.TicksPerSecond / ((long)whole * shards)) : TimeSpan.Zero,
        };
    }

    /// <summary>An even split; the first <c>total % shards</c> generators take one more.</summary>
    public static long Share(long total, int shards, int index) => (total / shards) + (index < total % shards ? 1 : 0);
}
