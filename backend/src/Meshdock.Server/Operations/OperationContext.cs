using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.Server.Platform.Hosting;

namespace Meshdock.Server.Operations;

/// <summary>
/// A pending or running operation's handle: what its work uses to report progress, and what the service holds it by
/// (its current row, the next seq, its cancellation). Each report becomes one numbered event, queued for the writer
/// (<see cref="OperationWriter"/>), which stores it and then sends it. Events are numbered and queued under one lock,
/// so seq order is queue order is commit order is delivery order. The reporting calls return once the event is queued
/// (not after it is committed), so reporting is cheap even at thousands of events a second; every call is safe from
/// any thread.
/// </summary>
public sealed class OperationContext : IDisposable
{
    private readonly OperationWriter _writer;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _emit = new(1, 1);
    private readonly CancellationTokenSource _cancellation;
    private Operation _state;
    private bool _finished;

    // Steps begun through StepAsync; only touched under the emit lock.
    private int _stepsBegun;

    internal OperationContext(Operation initial, OperationWriter writer, TimeProvider time, CancellationToken stopping)
    {
        _state = initial;
        _writer = writer;
        _time = time;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        OperationId = initial.Id;
        Target = initial.Target;
        Title = initial.Title;
    }

    public string OperationId { get; }

    /// <summary>Cancelled when the user cancels the operation or the backend stops. Pass it to everything the work awaits.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    internal string Target { get; }

    internal string Title { get; }

    /// <summary>The operation as last queued for the writer (status, progress), without reading the database.</summary>
    internal Operation Current => Volatile.Read(ref _state);

    internal Task Completion { get; set; } = Task.CompletedTask;

    public Task LogAsync(string message, object? data = null) => EmitAsync(EventKind.Log, message, ToJson(data), change: null);

    public Task WarnAsync(string message, object? data = null) => EmitAsync(EventKind.Warning, message, ToJson(data), change: null);

    /// <summary>
    /// A named step begins. Steps count: the operation's <c>stepsDone</c> becomes the number of steps begun before
    /// this one; pass <paramref name="stepsTotal"/> when the total becomes known (or changes).
    /// </summary>
    public Task StepAsync(string name, int? stepsTotal = null) =>
        EmitAsync(EventKind.Step, name, data: null, change: operation => operation with
        {
            StepsDone = _stepsBegun++,
            StepsTotal = stepsTotal ?? operation.StepsTotal,
        });

    /// <summary>
    /// Measured progress: sets <c>stepsDone</c>/<c>stepsTotal</c> to <paramref name="done"/>/<paramref name="total"/>
    /// and emits a progress event whose data is <c>{ "done", "total" }</c> plus the properties of <paramref name="data"/>
    /// (e.g. a perf second's <c>rps</c>, <c>p99Ms</c>), serialized camelCase.
    /// </summary>
    public Task ProgressAsync(int done, int? total, string message, object? data = null)
    {
        var payload = ToJson(data) ?? [];
        payload["done"] = done;
        payload["total"] = total;
        return EmitAsync(EventKind.Progress, message, payload, change: operation => operation with
        {
            StepsDone = done,
            StepsTotal = total ?? operation.StepsTotal,
        });
    }

    internal Task StartRunningAsync() => EmitAsync(EventKind.Status, $"Started: {Title}", null,
        operation => operation with { Status = OperationStatus.Running, StartedAt = _time.GetUtcNow() });

    internal Task FailAsync(string error) => EmitAsync(EventKind.Error, error, null, change: null);

    /// <summary>The last event: the final status, stored on the row in the same commit, before anyone is told.</summary>
    internal Task FinishAsync(OperationStatus status, string message, string? error, Action afterStored) =>
        EmitAsync(EventKind.Status, message, null, operation => operation with
        {
            Status = status,
            Error = error,
            FinishedAt = _time.GetUtcNow(),
            StepsDone = status == OperationStatus.Succeeded
                ? operation.StepsTotal ?? Math.Max(operation.StepsDone, _stepsBegun)
                : operation.StepsDone,
        }, final: true, afterStored);

    internal void Cancel()
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

    /// <summary>
    /// Unlinks from the service's stopping token. Explicit, because it is the service's to call once the operation has
    /// finished, not the work's.
    /// </summary>
    void IDisposable.Dispose()
    {
        _cancellation.Dispose();
        _emit.Dispose();
    }

    /// <summary>Numbers, queues and (when <paramref name="final"/>) awaits the commit of one event.</summary>
    private async Task EmitAsync(EventKind kind, string message, JsonObject? data, Func<Operation, Operation>? change,
        bool final = false, Action? afterStored = null)
    {
        AppendEvent request;
        await _emit.WaitAsync(CancellationToken.None);
        try
        {
            if (_finished)
            {
                throw new InvalidOperationException($"Operation {OperationId} has already finished; it cannot report \"{message}\".");
            }

            var state = (change?.Invoke(_state) ?? _state) with { LastSeq = _state.LastSeq + 1 };
            Volatile.Write(ref _state, state);
            _finished = final;
            var evt = new OperationEvent(OperationId, state.LastSeq, _time.GetUtcNow(), kind, message, state.Status,
                data is null ? null : JsonSerializer.SerializeToElement(data));
            request = new AppendEvent(evt, state, afterStored);
            await _writer.EnqueueAsync(request);
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

    private static JsonObject? ToJson(object? data) => data switch
    {
        null => null,
        JsonObject json => json,
        _ => JsonSerializer.SerializeToNode(data, MeshdockJson.Options) as JsonObject
            ?? throw new ArgumentException("Event data must serialize to a JSON object.", nameof(data)),
    };
}
