namespace Meshdock.Server.Operations;

/// <summary>One long-running piece of work, as the API returns it.</summary>
public sealed record Operation(
    string Id,
    string Kind,
    string Target,
    string Title,
    OperationStatus Status,
    int StepsDone,
    int? StepsTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    long LastSeq);
