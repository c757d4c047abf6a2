using System.Globalization;
using System.Text.Json;
using Meshdock.Server.Platform.Data;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Operations;

/// <summary>
/// Reads operations and their events from SQLite. Writes go through <see cref="OperationWriter"/> (one writer,
/// batched), except the recovery sweep at start-up, which runs before the writer starts.
/// </summary>
public sealed class OperationStore(Database database)
{
    public const int MaxEventsPerRead = 1000;

    private const string OperationColumns =
        "id, kind, target, title, status, steps_done, steps_total, created_at, started_at, finished_at, error, last_seq";

    public async Task<Operation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {OperationColumns} FROM operations WHERE id = $id", ("$id", id));
        return await command.ReadFirstAsync(ReadOperation, cancellationToken);
    }

    /// <summary>The newest operations first.</summary>
    public async Task<IReadOnlyList<Operation>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {OperationColumns} FROM operations ORDER BY created_at DESC, id DESC LIMIT $limit", ("$limit", limit));
        return await command.ReadAllAsync(ReadOperation, cancellationToken);
    }

    /// <summary>
    /// The most recent finished operation of each target that starts with <paramref name="targetPrefix"/> (for example
    /// every mesh's last install, upgrade or uninstall), by target.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Operation>> LatestFinishedAsync(string targetPrefix, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {OperationColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY target ORDER BY created_at DESC, id DESC) AS newest
                FROM operations
                WHERE substr(target, 1, length($prefix)) = $prefix AND status IN ('succeeded', 'failed', 'cancelled', 'interrupted'))
            WHERE newest = 1
            """, ("$prefix", targetPrefix));
        var latest = await command.ReadAllAsync(ReadOperation, cancellationToken);
        return latest.ToDictionary(o => o.Target, StringComparer.Ordinal);
    }

    /// <summary>
    /// Events with seq greater than <paramref name="afterSeq"/>, ascending, and the operation's status, read in one
    /// snapshot: when the status is final, the final event is among the events (or before afterSeq).
    /// Null when the operation does not exist.
    /// </summary>
    public async Task<OperationEventsPage?> ReadEventsAsync(string id, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);

        await using var status = transaction.Command("SELECT status FROM operations WHERE id = $id", ("$id", id));
        if (await status.ExecuteScalarAsync(cancellationToken) is not string statusText)
        {
            return null;
        }

        await using var command = transaction.Command("""
            SELECT seq, time, kind, message, status, data FROM operation_events
            WHERE operation_id = $id AND seq > $after ORDER BY seq LIMIT $limit
            """, ("$id", id), ("$after", afterSeq), ("$limit", limit));
        var events = await command.ReadAllAsync(reader => new OperationEvent(
            id,
            reader.GetInt64(0),
            ParseTime(reader.GetString(1)),
            Enum.Parse<EventKind>(reader.GetString(2), ignoreCase: true),
            reader.GetString(3),
            ParseStatus(reader.GetString(4)),
            reader.IsDBNull(5) ? null : JsonDocument.Parse(reader.GetString(5)).RootElement.Clone()), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new OperationEventsPage(id, ParseStatus(statusText), events);
    }

    /// <summary>
    /// Marks every operation that was pending or running when the process died as interrupted, with a closing
    /// status event, so its history ends in a final state a reader can stop at.
    /// </summary>
    internal async Task<int> InterruptUnfinishedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = transaction.Command("""
            UPDATE operations SET last_seq = last_seq + 1 WHERE status IN ('pending', 'running');
            INSERT INTO operation_events (operation_id, seq, time, kind, message, status, data)
                SELECT id, last_seq, $now, 'status', $message, 'interrupted', NULL
                FROM operations WHERE status IN ('pending', 'running');
            UPDATE operations SET status = 'interrupted', error = $error, finished_at = $now
                WHERE status IN ('pending', 'running');
            """,
            ("$now", FormatTime(now)),
            ("$message", "Interrupted: Meshdock stopped while this operation was running."),
            ("$error", "Meshdock stopped while this operation was running, so it did not finish; check what it acted on and start it again."));
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed / 3;
    }

    /// <summary>
    /// Removes finished operations past the limits, with their events, in one transaction: those that finished before
    /// <paramref name="finishedBefore"/> (null: no age limit) and those beyond the <paramref name="keepNewest"/> most
    /// recently finished (null: no count limit). Pending and running operations are never touched.
    /// </summary>
    internal async Task<PruneResult> PruneFinishedAsync(DateTimeOffset? finishedBefore, int? keepNewest,
        IReadOnlyCollection<string> kept, CancellationToken cancellationToken)
    {
        if (finishedBefore is null && keepNewest is null)
        {
            return new PruneResult(0, 0);
        }

        // The features' IOperationRetentionPolicy answers are kept whatever their age and do not count towards keepNewest.
        const string Prunable = """
            WITH finished AS (
                SELECT o.id, COALESCE(o.finished_at, o.created_at) AS finished_at,
                       ROW_NUMBER() OVER (ORDER BY COALESCE(o.finished_at, o.created_at) DESC, o.id DESC) AS newest
                FROM operations o
                WHERE o.status IN ('succeeded', 'failed', 'cancelled', 'interrupted')
                  AND o.id NOT IN (SELECT value FROM json_each($kept))
            )
            SELECT id FROM finished
            WHERE ($before IS NOT NULL AND finished_at < $before) OR ($keep IS NOT NULL AND newest > $keep)
            """;
        (string, object?)[] parameters =
            [("$before", finishedBefore is { } before ? FormatTime(before) : null), ("$keep", keepNewest),
             ("$kept", JsonSerializer.Serialize(kept))];

        await using var connection = await database.OpenAsync(cancellationToken);
        // Immediate: the write lock is taken first, so both statements see the same operations.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var events = transaction.Command(
            $"DELETE FROM operation_events WHERE operation_id IN ({Prunable})", parameters);
        var eventCount = await events.ExecuteNonQueryAsync(cancellationToken);
        await using var operations = transaction.Command($"DELETE FROM operations WHERE id IN ({Prunable})", parameters);
        var operationCount = await operations.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PruneResult(operationCount, eventCount);
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static OperationStatus ParseStatus(string text) => Enum.Parse<OperationStatus>(text, ignoreCase: true);

    private static Operation ReadOperation(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        ParseStatus(reader.GetString(4)),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        ParseTime(reader.GetString(7)),
        reader.IsDBNull(8) ? null : ParseTime(reader.GetString(8)),
        reader.IsDBNull(9) ? null : ParseTime(reader.GetString(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetInt64(11));
}

/// <summary>What one prune removed.</summary>
internal sealed record PruneResult(int Operations, int Events);
