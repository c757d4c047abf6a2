namespace Meshdock.Server.Operations;

/// <summary>
/// How long finished operations (and their events) are kept. Bound from the configuration section <c>Operations</c>
/// (<c>--Operations:RetentionDays 7</c>, <c>Operations__MaxFinished=100</c>); checked at start-up, so a bad value
/// stops Meshdock with a sentence instead of pruning the wrong things.
/// </summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";
    public const int MaxRetentionDays = 36_500;
    public static readonly TimeSpan MinPruneInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPruneInterval = TimeSpan.FromDays(1);

    /// <summary>Finished operations that finished longer ago than this are removed; 0 keeps them whatever their age.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>At most this many finished operations are kept, the most recently finished; 0 sets no limit.</summary>
    public int MaxFinished { get; set; } = 500;

    /// <summary>How often the limits are applied after the first time, at start-up.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Sentences for the values that are out of range; empty when all are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (RetentionDays is < 0 or > MaxRetentionDays)
        {
            yield return $"{Section}:{nameof(RetentionDays)} must be 0 (keep finished operations whatever their age) "
                + $"to {MaxRetentionDays} days, not {RetentionDays}.";
        }

        if (MaxFinished < 0)
        {
            yield return $"{Section}:{nameof(MaxFinished)} must be 0 (no limit) or the number of finished operations to keep, "
                + $"not {MaxFinished}.";
        }

        if (PruneInterval < MinPruneInterval || PruneInterval > MaxPruneInterval)
        {
            yield return $"{Section}:{nameof(PruneInterval)} must be from {MinPruneInterval:c} to {MaxPruneInterval:c} "
                + $"(hh:mm:ss), not {PruneInterval:c}.";
        }
    }
}
