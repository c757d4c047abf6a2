using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Meshdock.Server.Operations;

/// <summary>
/// Delivers stored events to hub connections. Each connection has one queue and one pump, so its events leave in
/// order. Subscribing registers interest and queues a replay request in one step (under the connection's lock);
/// the writer publishes only after committing. Hence every event is either committed before the replay reads the
/// database (and is replayed) or published after the interest exists (and is queued behind the replay), and the
/// pump drops any seq it has already delivered: no gap, no duplicate.
/// </summary>
/// <remarks>
/// Subscribing to all operations works the same way for the operations still running: the feed knows which those are
/// (an operation is running from its first published event until its final one; every event passes through
/// <see cref="Publish"/>, and a restart leaves none running), and under the same lock as <see cref="Publish"/> the
/// subscription takes that set and starts wanting everything. An operation in the set had each earlier event
/// committed before its publication, so the replay finds them; one not in the set either finished before (and is not
/// replayed: "still running" only) or has published nothing yet (and all of it arrives live).
/// </remarks>
public sealed class ProgressFeed(IHubContext<ProgressHub, IProgressClient> hub, OperationStore store, ILogger<ProgressFeed> logger)
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    // Publish and SubscribeAll take it (before any connection's lock), so a subscription sees the running set exactly
    // as of the last batch handed to connections.
    private readonly Lock _publishing = new();
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    internal void Connect(string connectionId)
    {
        var connection = new Connection(connectionId);
        _connections[connectionId] = connection;
        _ = Task.Run(() => PumpAsync(connection));
    }

    internal void Disconnect(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            connection.Close();
        }
    }

    internal void Subscribe(string connectionId, string operationId, long afterSeq)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            lock (connection.Gate)
            {
                connection.Operations.Add(operationId);
                connection.Queue.Writer.TryWrite(new Replay(operationId, afterSeq));
            }
        }
    }

    internal void Unsubscribe(string connectionId, string operationId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            lock (connection.Gate)
            {
                connection.Operations.Remove(operationId);
            }
        }
    }

    internal void SubscribeAll(string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            lock (_publishing)
            {
                lock (connection.Gate)
                {
                    connection.All = true;
                    connection.Queue.Writer.TryWrite(new ReplayRunning([.. _running]));
                }
            }
        }
    }

    /// <summary>Called by the writer with a committed batch, in commit order.</summary>
    internal void Publish(IReadOnlyList<OperationEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (_publishing)
        {
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
                    case OperationEvent evt:
                        if (!connection.Wants(evt.OperationId)
                            || (delivered.TryGetValue(evt.OperationId, out var last) && evt.Seq <= last))
                        {
                            break;
                        }

                        await client.Event(evt);
                        delivered[evt.OperationId] = evt.Seq;
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

    /// <summary>Sends what is stored after <c>delivered[operationId]</c>, page by page, and moves that mark.</summary>
    private async Task ReplayAsync(IProgressClient client, string operationId, Dictionary<string, long> delivered,
        CancellationToken token)
    {
        while (true)
        {
            var page = await store.ReadEventsAsync(operationId, delivered[operationId], OperationStore.MaxEventsPerRead, token);
            foreach (var evt in page?.Events ?? [])
            {
                await client.Event(evt);
                delivered[operationId] = evt.Seq;
            }

            if (page is null || page.Events.Count < OperationStore.MaxEventsPerRead)
            {
                return;
            }
        }
    }

    private sealed record Replay(string OperationId, long AfterSeq);

    /// <summary>SubscribeAll's replay: the operations running when it was made.</summary>
    private sealed record ReplayRunning(IReadOnlyList<string> OperationIds);

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
}
