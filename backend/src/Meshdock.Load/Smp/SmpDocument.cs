namespace Meshdock.Load.Smp;

/// <summary>
/// A performance test in the Service Mesh Performance (SMP) format: the test configuration (<c>PerformanceTestConfig</c>)
/// with its result (<c>PerformanceTestResult</c>) and the environment it ran in. Optional members are null when
/// unknown and are then left out of the file.
/// </summary>
public sealed record SmpDocument
{
    /// <summary>The SMP release whose field names this document follows.</summary>
    public const string SpecVersion = "v0.3.4";

    public required string SmpVersion { get; init; }

    /// <summary>The test's id. Exports use the run id; an imported file may omit it (see <see cref="Identity"/>).</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<SmpClient> Clients { get; init; }

    /// <summary>Configured load duration in Go duration syntax ("30s", "1m30s"); null for a run stopped by count.</summary>
    public string? Duration { get; init; }

    public SmpResult? Result { get; init; }

    /// <summary>
    /// A stable identity for de-duplicating imports: the document's <see cref="Id"/> when it has one, otherwise a
    /// SHA-256 over its normalised JSON (so the same file imported twice gets the same identity).
    /// </summary>
    public string Identity => !string.IsNullOrEmpty(Id) ? Id : "sha256:" + SmpFormat.ContentHash(this);
}

public sealed record SmpClient
{
    public bool Internal { get; init; }

    public string? LoadGenerator { get; init; }

    /// <summary>"http", "tcp", "udp" or "grpc" (the spec's protocol enum).</summary>
    public string Protocol { get; init; } = "http";

    public int? Connections { get; init; }

    /// <summary>Requested rate; null when the test ran at maximum throughput.</summary>
    public long? Rps { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public required IReadOnlyList<string> EndpointUrls { get; init; }
}

public sealed record SmpResult
{
    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    public SmpLatencies? LatenciesMs { get; init; }

    public double? ActualQps { get; init; }

    /// <summary>Where the full result can be seen (for Meshdock, the run's API URL); null when there is none.</summary>
    public string? DetailsUri { get; init; }

    public SmpEnvironment? Environment { get; init; }

    /// <summary>The service mesh the target ran in, when it ran in one.</summary>
    public SmpMesh? Mesh { get; init; }
}

public sealed record SmpLatencies(double Min, double Average, double P50, double P90, double P99, double Max);

/// <summary>The cluster a test ran against (SMP <c>EnvironmentConfig</c>).</summary>
public sealed record SmpEnvironment
{
    public string? KubernetesVersion { get; init; }

    public IReadOnlyList<SmpNode> Nodes { get; init; } = [];
}

public sealed record SmpNode
{
    /// <summary>Node type or instance type, when known.</summary>
    public string? Type { get; init; }

    public int? Cores { get; init; }

    public long? MemMb { get; init; }
}

public sealed record SmpMesh(string Name, string? Version);
