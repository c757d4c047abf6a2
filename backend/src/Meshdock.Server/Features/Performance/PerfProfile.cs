namespace Meshdock.Server.Features.Performance;

/// <summary>A saved test configuration a run can start from.</summary>
public sealed record PerfProfile(string Id, string Name, PerfSpec Spec, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The body of POST and PUT on /api/perf/profiles.</summary>
public sealed record PerfProfileRequest(string? Name, PerfSpec? Spec);
