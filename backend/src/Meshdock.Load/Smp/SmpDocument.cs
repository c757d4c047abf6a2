namespace Meshdock.Load.Smp;

/// <summary>
/// A performance test in the Service Mesh Performance (SMP) format: the test configuration (<c>PerformanceTestConfig</c>)
/// and, when known, its result (<c>PerformanceTestResult</c>), the environment it ran in (<c>EnvironmentConfig</c>) and
/// the mesh of the target (<c>ServiceMeshConfig</c>). SMP keeps these as separate messages linked by ids: the result's
/// <c>test_id</c>, <c>env_id</c> and <c>mesh_config_id</c> name the others. Optional members are null when unknown and
/// are then left out of the file.
/// </summary>
public sealed record SmpDocument
{
    /// <summary>The SMP release whose protos this document follows.</summary>
    public const string SpecVersion = "v0.6.1";

    public required string SmpVersion { get; init; }

    /// <summary>The test's id. Exports use the run id; an imported file may omit it (see <see cref="Identity"/>).</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<SmpClient> Clients { get; init; }

    /// <summary>Configured load duration in Go duration syntax ("30s", "1m30s"); null for a run stopped by count.</summary>
    public string? Duration { get; init; }

    /// <summary>The result; null for a bare test configuration (a profile).</summary>
    public SmpResult? Result { get; init; }

    public SmpEnvironment? Environment { get; init; }

    /// <summary>The service mesh the target ran in, when it ran in one.</summary>
    public SmpMesh? Mesh { get; init; }

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

    public SmpProtocol Protocol { get; init; } = SmpProtocol.Http;

    public int? Connections { get; init; }

    /// <summary>Requested rate; null when the test ran at maximum throughput.</summary>
    public long? Rps { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public required IReadOnlyList<string> EndpointUrls { get; init; }
}

/// <summary>SMP's <c>PerformanceTestConfig.Client.Protocol</c>; the numbers are the proto's (0 is PROTOCOL_INVALID).</summary>
public enum SmpProtocol
{
    Http = 1,
    Tcp = 2,
    Udp = 3,
    Grpc = 4,
}

/// <summary>SMP's <c>PerformanceTestResult</c>.</summary>
public sealed record SmpResult
{
    public string? Id { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    public SmpLatencies? LatenciesMs { get; init; }

    public double? ActualQps { get; init; }

    /// <summary>Where the full result can be seen (for Meshdock, the run's API URL); null when there is none.</summary>
    public string? DetailsUri { get; init; }
}

public sealed record SmpLatencies(double Min, double Average, double P50, double P90, double P99, double Max);

/// <summary>The cluster a test ran against (SMP <c>EnvironmentConfig</c>).</summary>
public sealed record SmpEnvironment
{
    public string? Id { get; init; }

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

/// <summary>
/// The mesh a test ran in (SMP <c>ServiceMeshConfig</c>): <paramref name="Name"/> is Meshdock's name for it ("Istio
/// ambient"), written as the SMP mesh type it belongs to (<see cref="SmpMeshTypes"/>) plus a label with the name.
/// </summary>
public sealed record SmpMesh(string Name, string? Version)
{
    public string? Id { get; init; }

    /// <summary>What the mesh's proxies used during the test (SMP <c>sidecar</c>), when it was measured.</summary>
    public SmpMeshUsage? Sidecar { get; init; }

    /// <summary>What the mesh's control plane used during the test (SMP <c>mesh_control_plane</c>), when it was measured.</summary>
    public SmpMeshUsage? ControlPlane { get; init; }
}

/// <summary>
/// SMP's resource figures for a part of the mesh: how many pods (proxies or control-plane pods), their summed CPU in
/// millicores and memory in MB, and (for proxies) the requests per second that crossed them. The protos hold int32s.
/// </summary>
public sealed record SmpMeshUsage(int Count, int CpuMcores, int MemMb, int? Rps = null);
