using Microsoft.AspNetCore.SignalR;

namespace Meshdock.Server.Operations;

/// <summary>
/// Streams operation events, per operation in seq order without gaps or repeats. <see cref="Subscribe"/> replays what
/// the client missed (seq &gt; afterSeq) and continues live. <see cref="SubscribeAll"/> (for lists and toasts) replays
/// every operation still running from seq 1 and then delivers the events of every operation live, so a client that
/// subscribes just after an operation started still sees its first events; operations that finished before the call
/// are not replayed (read them with <c>GET /api/operations</c>, or <see cref="Subscribe"/> to one). On one connection
/// the two combine: SubscribeAll's replay skips what the connection was already sent, and a later Subscribe resends
/// only what its afterSeq asks for.
/// </summary>
public sealed class ProgressHub(OperationWriter writer, OperationStore store) : Hub<IProgressClient>
{
    public override Task OnConnectedAsync()
    {
        writer.Connect(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        writer.Disconnect(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task Subscribe(string operationId, long afterSeq)
    {
        if (afterSeq < 0)
        {
            throw new HubException($"afterSeq must be 0 (from the start) or the last seq you received, not {afterSeq}.");
        }

        if (await store.GetAsync(operationId, Context.ConnectionAborted) is null)
        {
            throw new HubException($"There is no operation '{operationId}'; list them with GET /api/operations.");
        }

        writer.Subscribe(Context.ConnectionId, operationId, afterSeq);
    }

    public void Unsubscribe(string operationId) => writer.Unsubscribe(Context.ConnectionId, operationId);

    public void SubscribeAll() => writer.SubscribeAll(Context.ConnectionId);
}
