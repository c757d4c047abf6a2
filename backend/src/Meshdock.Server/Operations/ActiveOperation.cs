using System.Text.Json;
using System.Text.Json.Nodes;

namespace Meshdock.Server.Operations;

/// <summary>
/// The in-memory side of a pending or running operation: its current row, the next seq, its cancellation.
/// Events are numbered and queued under one lock, so seq order is queue order is commit order is delivery order.
/// </summary>
internal sealed class ActiveOperation(Operation initial, OperationWriter writer, TimeProvider time, CancellationToken stopping)
    : IDisposable
{
    private readonly SemaphoreSlim _emit = new(1, 1);
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private Operation _state = initial;
    private bool _finished;

    /// <summary>Steps begun through <see cref="OperationContext.StepAsync"/>; only touched under the emit lock.</summary>
    internal int StepsBegun;

    public string Id { get; } = initial.Id;

    public string Target { get; } = initial.Target;

    public string Title { get; } = initial.Title;

    /// <summary>The operation as last stored (status, progress), without reading the database.</summary>
    public Operation Current => Volatile.Read(ref _state);

    public CancellationToken CancellationToken => _cancellation.Token;

    public Task Completion { get; set; } = Task.CompletedTask;

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile: nothing left to cancel.
        }
    }

    /// <summary>Unlinks from the service's stopping token; called once the operation has finished.</summary>
    public void Dispose()
    {
        _cancellation.Dispose();
        _emit.Dispose();
    }

    /// <summary>Numbers, queues and (when <paramref name="final"/>) awaits the commit of one event.</summary>
    public async Task EmitAsync(EventKind kind, string message, JsonObject? data, Func<Operation, Operation>? change,
        bool final = false, Action? afterStored = null)
    {
        AppendEvent request;
        await _emit.WaitAsync(CancellationToken.None);
        try
        {
            if (_finished)
            {
                throw new InvalidOperationException($"Operation {Id} has already finished; it cannot report \"{message}\".");
            }

            var state = (change?.Invoke(_state) ?? _state) with { LastSeq = _state.LastSeq + 1 };
            _state = state;
            _finished = final;
            var evt = new OperationEvent(Id, state.LastSeq, time.GetUtcNow(), kind, message, state.Status,
                data is null ? null : JsonSerializer.SerializeToElement(data));
            request = new AppendEvent(evt, state, afterStored);
            await writer.EnqueueAsync(request);
        }
        finally
        {
            _emit.Release();
        }

        if (final)
        {
            await request.Stored;
        }
    }

    public Task StartRunningAsync() => EmitAsync(EventKind.Status, $"Started: {Title}", null,
        operation => operation with { Status = OperationStatus.Running, StartedAt = time.GetUtcNow() });

    /// <summary>The last event: the final status, stored on the row in the same commit, before anyone is told.</summary>
    public Task FinishAsync(OperationStatus status, string message, string? error, Action afterStored) =>
        EmitAsync(EventKind.Status, message, null, operation => operation with
        {
            Status = status,
            Error = error,
            FinishedAt = time.GetUtcNow(),
            StepsDone = status == OperationStatus.Succeeded
                ? operation.StepsTotal ?? Math.Max(operation.StepsDone, StepsBegun)
                : operation.StepsDone,
        }, final: true, afterStored);
}
