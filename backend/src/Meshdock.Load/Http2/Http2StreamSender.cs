using System.Runtime.CompilerServices;
using Meshdock.Load.Engine;

namespace Meshdock.Load.Http2;

/// <summary>One stream slot of an <see cref="Http2AsyncConnection"/>, driven by its own connection loop.</summary>
internal sealed class Http2StreamSender(Http2AsyncConnection connection, int slot) : RequestSender
{
    private static readonly OperationCanceledException Aborted = new("The request was broken off.");

    private int _grpcStatus = -1;

    public override int GrpcStatus => _grpcStatus;

    // Slot 0 opens the shared connection; the other slots' loops find it open.
    public override ValueTask ConnectAsync(CancellationToken cancellationToken) =>
        slot == 0 ? new ValueTask(connection.ConnectAsync().WaitAsync(cancellationToken)) : ValueTask.CompletedTask;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> SendAsync()
    {
        var outcome = await connection.SendAsync(slot).ConfigureAwait(false);
        var (sent, received) = connection.TakeBytes();
        BytesSent += sent;
        BytesReceived += received;
        _grpcStatus = outcome.GrpcStatus;
        if (outcome.Failure is not null)
            throw outcome.Failure;
        return outcome.Status;
    }

    public override void Abort() => connection.Cancel(slot, Aborted);

    // Slot 0 owns the connection.
    public override ValueTask DisposeAsync() => slot == 0 ? connection.DisposeAsync() : ValueTask.CompletedTask;
}
