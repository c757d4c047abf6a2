namespace Meshdock.Server.Operations;

/// <summary>
/// A feature's say in pruning: the finished operations it still needs (an attachment's last operation explains its
/// failure; an unfinished perf run's operation records how it ended). Operations owns this interface and asks every
/// implementation before each prune, so it never reads a feature's tables.
/// </summary>
public interface IOperationRetentionPolicy
{
    /// <summary>Ids of operations to keep whatever their age; they do not count towards the newest kept.</summary>
    Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken);
}
