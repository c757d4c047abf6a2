using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.Server.Platform.Hosting;

namespace Meshdock.Server.Operations;

/// <summary>
/// What an operation's work uses to report progress. Each call becomes one numbered event, stored and then streamed.
/// The calls return once the event is queued for the writer (not after it is committed), so reporting is cheap
/// even at thousands of events a second; every call is safe from any thread.
/// </summary>
public sealed class OperationContext
{
    private readonly ActiveOperation _operation;

    internal OperationContext(ActiveOperation operation) => _operation = operation;

    public string OperationId => _operation.Id;

    /// <summary>Cancelled when the user cancels the operation or the backend stops. Pass it to everything the work awaits.</summary>
    public CancellationToken CancellationToken => _operation.CancellationToken;

    public Task LogAsync(string message, object? data = null) =>
        _operation.EmitAsync(EventKind.Log, message, ToJson(data), change: null);

    public Task WarnAsync(string message, object? data = null) =>
        _operation.EmitAsync(EventKind.Warning, message, ToJson(data), change: null);

    /// <summary>
    /// A named step begins. Steps count: the operation's <c>stepsDone</c> becomes the number of steps begun before
    /// this one; pass <paramref name="stepsTotal"/> when the total becomes known (or changes).
    /// </summary>
    public Task StepAsync(string name, int? stepsTotal = null) =>
        _operation.EmitAsync(EventKind.Step, name, data: null, change: operation => operation with
        {
            StepsDone = _operation.StepsBegun++,
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
        return _operation.EmitAsync(EventKind.Progress, message, payload, change: operation => operation with
        {
            StepsDone = done,
            StepsTotal = total ?? operation.StepsTotal,
        });
    }

    private static JsonObject? ToJson(object? data) => data switch
    {
        null => null,
        JsonObject json => json,
        _ => JsonSerializer.SerializeToNode(data, MeshdockJson.Options) as JsonObject
            ?? throw new ArgumentException("Event data must serialize to a JSON object.", nameof(data)),
    };
}
