using System.Text.Json;

namespace Meshdock.Server.Operations;

/// <summary>
/// One numbered thing that happened in an operation (seq counts from 1 within it). <see cref="Status"/> is the
/// operation's status at this event; <see cref="Data"/> is an optional JSON object for structured payloads.
/// </summary>
public sealed record OperationEvent(
    string OperationId,
    long Seq,
    DateTimeOffset Time,
    EventKind Kind,
    string Message,
    OperationStatus Status,
    JsonElement? Data);

/// <summary>The answer of <c>GET /api/operations/{id}/events</c>: events after N and the current status.</summary>
public sealed record OperationEventsPage(string OperationId, OperationStatus Status, IReadOnlyList<OperationEvent> Events);
