using Meshdock.Load.Shards;

namespace Meshdock.Load.Cluster;

/// <summary>What the pod watch and the log followers hand to the one loop that merges a cluster run.</summary>
internal abstract record ShardEvent
{
    /// <summary>A protocol line from pod <paramref name="Shard"/>'s log.</summary>
    public sealed record Line(int Shard, ShardLine Content) : ShardEvent;

    /// <summary>The pod's log ended; <paramref name="Tail"/> holds its last lines that were not the protocol's.</summary>
    public sealed record Ended(int Shard, string Pod, IReadOnlyList<string> Tail) : ShardEvent;

    /// <summary>A pod that will not run to its end.</summary>
    public sealed record Trouble(PodTrouble Pod) : ShardEvent;

    /// <summary>A pod seen for the first time, and whether it carries a mesh proxy.</summary>
    public sealed record Seen(int Shard, string Pod, bool HasProxy) : ShardEvent;
}
