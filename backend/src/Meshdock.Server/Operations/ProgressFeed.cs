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
public sealed class ProgressFeed(IHubContext<ProgressHub, IProgressClient> hub, OperationStore store, ILogger<ProgressFeed> logger)
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

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
            lock (connection.Gate)
            {
                connection.All = true;
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
                        while (true)
                        {
                            var page = await store.ReadEventsAsync(replay.OperationId, delivered[replay.OperationId],
                                OperationStore.MaxEventsPerRead, token);
                            foreach (var evt in page?.Events ?? [])
                            {
                                await client.Event(evt);
                                delivered[evt.OperationId] = evt.Seq;
                            }

                            if (page is null || page.Events.Count < OperationStore.MaxEventsPerRead)
                            {
                                break;
                            }
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

    private sealed record Replay(string OperationId, long AfterSeq);

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
