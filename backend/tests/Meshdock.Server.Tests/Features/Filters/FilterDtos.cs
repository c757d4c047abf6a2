namespace Meshdock.Server.Tests.Features.Filters;

public sealed record FilterDto(string Id, string Name, string Sha256, string AbiVersion, long Size, List<string> Exports,
    List<string> Imports, bool BuiltIn, System.Text.Json.JsonElement? DefaultPluginConfig, DateTimeOffset CreatedAt);

public sealed record ProblemDto(string Title, int Status, string Detail, Dictionary<string, string[]>? Errors);

public sealed record SandboxDto(string Id, string Url, string OperationId, string? FilterId, string? FilterName,
    string? PluginConfig, string Upstream, string UpstreamUrl, DateTimeOffset StartedAt, SandboxCountersDto Counters);

public sealed record SandboxCountersDto(long Requests, long LocalResponses, long FilterFailures, long UpstreamErrors);
