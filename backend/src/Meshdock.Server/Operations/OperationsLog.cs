namespace Meshdock.Server.Operations;

internal static partial class OperationsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Operation {Id} ({Title}) failed unexpectedly")]
    public static partial void OperationCrashed(this ILogger logger, Exception exception, string id, string title);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store the end of operation {Id}")]
    public static partial void OperationEndNotStored(this ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} operation(s) were unfinished when Meshdock last stopped; marked interrupted")]
    public static partial void OperationsInterrupted(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} running operation(s) cancelled and recorded as interrupted")]
    public static partial void OperationsStoppedByShutdown(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} operation records")]
    public static partial void WriteFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; SQLite retries at the next one")]
    public static partial void CheckpointFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped streaming events to hub connection {ConnectionId}")]
    public static partial void StreamStopped(this ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pruned {Operations} finished operation(s) and {Events} event(s) (keeping {RetentionDays} days, at most {MaxFinished}; 0 = no limit)")]
    public static partial void OperationsPruned(this ILogger logger, int operations, int events, int retentionDays, int maxFinished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prune old operations; trying again at the next interval")]
    public static partial void PruneFailed(this ILogger logger, Exception exception);
}
