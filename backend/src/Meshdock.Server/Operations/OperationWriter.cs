using System.Collections.Concurrent;
using System.Threading.Channels;
using Meshdock.Server.Platform.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Operations;

/// <summary>
/// The single writer of operations and events, and the one sender of events to hub connections. Requests queue in a
/// channel; the writer commits whatever has queued in one transaction, then (and only then) sends the batch's events
/// to the connections that want them. So an event is never sent before it is stored, a final status is stored before
/// its event is sent, and a burst of events (a selftest with stepMillis 0) costs a handful of commits instead of one
/// each. Each connection has one queue and one pump, so its events leave in order and a slow client never holds up the
/// writer; how a connection comes to want an operation (and is sent what it missed) is in OperationWriter.Subscriptions.cs.
/// </summary>
public sealed partial class OperationWriter(Database database, IHubContext<ProgressHub, IProgressClient> hub, OperationStore store,
    ILogger<OperationWriter> logger) : IHostedService
{
    private const int MaxBatch = 1024;
    private const int CommitsPerCheckpoint = 256;

    // Bounded, so a runaway producer waits for the disk instead of growing memory.
    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(
        new BoundedChannelOptions(8192) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    // Sending and SubscribeAll take it (before any connection's lock), so a subscription sees the running set exactly
    // as of the last batch handed to connections.
    private readonly Lock _sending = new();
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    private Task _loop = Task.CompletedTask;

    internal ValueTask EnqueueAsync(WriteRequest request) => _queue.Writer.WriteAsync(request);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops after everything queued is written: operations that end during shutdown still store their final event.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using (var pragma = connection.CreateCommand())
        {
            // Checkpoints (and their disk sync) happen beside the writer, not inside a commit an event waits for.
            pragma.CommandText = "PRAGMA wal_autocheckpoint = 0;";
            await pragma.ExecuteNonQueryAsync();
        }

        using var statements = new Statements(connection);
        var commits = 0;
        var checkpoint = Task.CompletedTask;
        var batch = new List<WriteRequest>(MaxBatch);
        var stored = new List<OperationEvent>(MaxBatch);
        var latestStates = new Dictionary<string, Operation>(StringComparer.Ordinal);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                using (var transaction = connection.BeginTransaction())
                {
                    foreach (var request in batch)
                    {
                        statements.Apply(request, transaction, latestStates);
                    }

                    // One row update per operation per batch: its state after the batch's last event.
                    foreach (var state in latestStates.Values)
                    {
                        statements.UpdateOperation(state, transaction);
                    }

                    transaction.Commit();
                }

                foreach (var request in batch)
                {
                    request.MarkStored();
                    if (request is AppendEvent append)
                    {
                        stored.Add(append.Event);
                    }
                }

                Send(stored);
                if (++commits >= CommitsPerCheckpoint && checkpoint.IsCompleted)
                {
                    commits = 0;
                    checkpoint = Task.Run(CheckpointAsync);
                }
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                logger.WriteFailed(ex, batch.Count);
                foreach (var request in batch)
                {
                    request.MarkFailed(ex);
                }
            }

            batch.Clear();
            stored.Clear();
            latestStates.Clear();
        }

        await checkpoint;
    }

    /// <summary>Hands a committed batch, in commit order, to the queue of every connection that wants its events.</summary>
    private void Send(List<OperationEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (_sending)
        {
            // An operation is running from its first stored event until its final one (a restart leaves none running).
            foreach (var evt in events)
            {
                if (evt.Status.IsFinal())
                {
                    _running.Remove(evt.OperationId);
                }
                else
                {
                    _running.Add(evt.OperationId);
                }
            }

            foreach (var connection in _connections.Values)
            {
                lock (connection.Gate)
                {
                    foreach (var evt in events)
                    {
                        if (connection.WantsLocked(evt.OperationId))
                        {
                            connection.Queue.Writer.TryWrite(evt);
                        }
                    }
                }
            }
        }
    }

    /// <summary>One connection's sender: its queue's events and replays, in order, each seq at most once.</summary>
    private async Task PumpAsync(Connection connection)
    {
        var client = hub.Clients.Client(connection.Id);
        var delivered = new Dictionary<string, long>(StringComparer.Ordinal);
        var token = connection.Closed.Token;
        try
        {
            await foreach (var item in connection.Queue.Reader.ReadAllAsync(token))
            {
                switch (item)
                {
                    case OperationEvent evt:
                        if (!connection.Wants(evt.OperationId)
                            || (delivered.TryGetValue(evt.OperationId, out var last) && evt.Seq <= last))
                        {
                            break;
                        }

                        await client.Event(evt);
                        delivered[evt.OperationId] = evt.Seq;
                        break;
                    case Replay replay:
                        // A new subscription starts where the client says it is, even if it saw more before.
                        delivered[replay.OperationId] = replay.AfterSeq;
                        await ReplayAsync(client, replay.OperationId, delivered, token);
                        break;
                    case ReplayRunning all:
                        // From the start, except what this connection was already sent (an earlier Subscribe).
                        foreach (var operationId in all.OperationIds)
                        {
                            delivered.TryAdd(operationId, 0);
                            await ReplayAsync(client, operationId, delivered, token);
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client disconnected.
        }
        catch (Exception ex)
        {
            logger.StreamStopped(ex, connection.Id);
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await database.CheckpointAsync(CancellationToken.None);
        }
        catch (SqliteException ex)
        {
            logger.CheckpointFailed(ex);
        }
    }

    /// <summary>A hub connection: what it wants and the queue its pump sends from.</summary>
    private sealed class Connection(string id)
    {
        public string Id { get; } = id;

        public Lock Gate { get; } = new();

        public HashSet<string> Operations { get; } = new(StringComparer.Ordinal);

        public bool All { get; set; }

        // Unbounded: the writer must never wait on a slow client; a client that cannot keep up is SignalR's to drop.
        public Channel<object> Queue { get; } = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

        public CancellationTokenSource Closed { get; } = new();

        public bool WantsLocked(string operationId) => All || Operations.Contains(operationId);

        public bool Wants(string operationId)
        {
            lock (Gate)
            {
                return WantsLocked(operationId);
            }
        }

        public void Close()
        {
            Queue.Writer.TryComplete();
            Closed.Cancel();
        }
    }

    /// <summary>Prepared once per connection, re-bound per row.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand _insertOperation;
        private readonly SqliteCommand _insertEvent;
        private readonly SqliteCommand _updateOperation;

        public Statements(SqliteConnection connection)
        {
            _insertOperation = Prepare(connection, """
                INSERT INTO operations (id, kind, target, title, status, steps_done, steps_total, created_at, last_seq)
                VALUES ($id, $kind, $target, $title, $status, $stepsDone, $stepsTotal, $createdAt, 0)
                """, "$id", "$kind", "$target", "$title", "$status", "$stepsDone", "$stepsTotal", "$createdAt");
            _insertEvent = Prepare(connection, """
                INSERT INTO operation_events (operation_id, seq, time, kind, message, status, data)
                VALUES ($id, $seq, $time, $kind, $message, $status, $data)
                """, "$id", "$seq", "$time", "$kind", "$message", "$status", "$data");
            _updateOperation = Prepare(connection, """
                UPDATE operations SET status = $status, steps_done = $stepsDone, steps_total = $stepsTotal,
                    started_at = $startedAt, finished_at = $finishedAt, error = $error, last_seq = $lastSeq
                WHERE id = $id
                """, "$id", "$status", "$stepsDone", "$stepsTotal", "$startedAt", "$finishedAt", "$error", "$lastSeq");
        }

        public void Apply(WriteRequest request, SqliteTransaction transaction, Dictionary<string, Operation> latestStates)
        {
            switch (request)
            {
                case InsertOperation insert:
                    var o = insert.Operation;
                    Run(_insertOperation, transaction, o.Id, o.Kind, o.Target, o.Title, o.Status.ToWire(), o.StepsDone,
                        o.StepsTotal, OperationStore.FormatTime(o.CreatedAt));
                    break;
                case AppendEvent append:
                    var e = append.Event;
                    Run(_insertEvent, transaction, e.OperationId, e.Seq, OperationStore.FormatTime(e.Time),
                        e.Kind.ToString().ToLowerInvariant(), e.Message, e.Status.ToWire(), e.Data?.GetRawText());
                    latestStates[append.State.Id] = append.State;
                    break;
            }
        }

        public void UpdateOperation(Operation s, SqliteTransaction transaction) =>
            Run(_updateOperation, transaction, s.Id, s.Status.ToWire(), s.StepsDone, s.StepsTotal,
                s.StartedAt is { } started ? OperationStore.FormatTime(started) : null,
                s.FinishedAt is { } finished ? OperationStore.FormatTime(finished) : null, s.Error, s.LastSeq);

        public void Dispose()
        {
            _insertOperation.Dispose();
            _insertEvent.Dispose();
            _updateOperation.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }

        private static void Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
        {
            command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}

/// <summary>Something for the writer to store; completes once committed.</summary>
internal abstract class WriteRequest
{
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Stored => _stored.Task;

    public virtual void MarkStored() => _stored.TrySetResult();

    public void MarkFailed(Exception exception) => _stored.TrySetException(exception);
}

internal sealed class InsertOperation(Operation operation) : WriteRequest
{
    public Operation Operation { get; } = operation;
}

/// <summary>An event and the operation's row as it stands after it, written in the same transaction.</summary>
internal sealed class AppendEvent(OperationEvent evt, Operation state, Action? afterStored) : WriteRequest
{
    public OperationEvent Event { get; } = evt;

    public Operation State { get; } = state;

    /// <summary>Runs after the commit and before the event is sent (used to free the target of a finished operation).</summary>
    public override void MarkStored()
    {
        afterStored?.Invoke();
        base.MarkStored();
    }
}
