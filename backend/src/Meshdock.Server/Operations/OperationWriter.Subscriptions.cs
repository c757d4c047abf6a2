namespace Meshdock.Server.Operations;

/// <summary>
/// How a hub connection comes to want an operation's events, and is first sent what it missed (the hub calls these).
/// Subscribing registers interest and queues a replay request in one step (under the connection's lock), and the
/// writer sends only after committing. Hence every event is either committed before the replay reads the database
/// (and is replayed) or sent after the interest exists (and is queued behind the replay), and the pump drops any seq
/// it has already delivered: no gap, no duplicate.
/// </summary>
/// <remarks>
/// Subscribing to all operations works the same way for the operations still running: the writer knows which those
/// are (every event passes through its send), and under the same lock as the send the subscription takes that set and
/// starts wanting everything. An operation in the set had each earlier event committed before it was sent, so the
/// replay finds them; one not in the set either finished before (and is not replayed: "still running" only) or has
/// sent nothing yet (and all of it arrives live).
/// </remarks>
public sealed partial class OperationWriter
{
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
            lock (_sending)
            {
                lock (connection.Gate)
                {
                    connection.All = true;
                    connection.Queue.Writer.TryWrite(new ReplayRunning([.. _running]));
                }
            }
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
}
