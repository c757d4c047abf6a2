using System.Text.Json;

namespace Meshdock.Server.Tests.Infrastructure;

// The wire shapes as a client sees them: enums stay strings, so the tests check the lowercase names too.
public sealed record OperationDto(string Id, string Kind, string Target, string Title, string Status, int StepsDone,
    int? StepsTotal, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, long LastSeq);

public sealed record EventDto(string OperationId, long Seq, DateTimeOffset Time, string Kind, string Message, string Status, JsonElement? Data);

public sealed record EventsPageDto(string OperationId, string Status, List<EventDto> Events);

public sealed record AcceptedDto(string Id);

public sealed record SessionDto(string Token, int? HubPort);

public sealed record HealthDto(string Status, string Version, double UptimeSeconds);

public static class FinalStatuses
{
    public static bool IsFinal(string status) => status is "succeeded" or "failed" or "cancelled" or "interrupted";
}
