using Microsoft.AspNetCore.SignalR;

namespace Meshdock.Server.Operations;

/// <summary>
/// Streams operation events. <see cref="Subscribe"/> replays what the client missed (seq &gt; afterSeq) and continues
/// live; <see cref="SubscribeAll"/> delivers live events of every operation (for lists and toasts).
/// </summary>
public sealed class ProgressHub(ProgressFeed feed, OperationStore store) : Hub<IProgressClient>
{
    public override Task OnConnectedAsync()
    {
        feed.Connect(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.Disconnect(Context.ConnectionId);
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

        feed.Subscribe(Context.ConnectionId, operationId, afterSeq);
    }

    public void Unsubscribe(string operationId) => feed.Unsubscribe(Context.ConnectionId, operationId);

    public void SubscribeAll() => feed.SubscribeAll(Context.ConnectionId);
}
