namespace Meshdock.Load;

/// <summary>Which HTTP version the generator speaks.</summary>
public enum HttpProtocol
{
    /// <summary>HTTP/1.1 with keep-alive over Meshdock's own socket client (plain or TLS).</summary>
    Http1,

    /// <summary>HTTP/2: h2c (prior knowledge) for http URLs, ALPN h2 for https URLs.</summary>
    Http2,
}

/// <summary>What to send, how fast and for how long. Validate with <see cref="LoadSpecValidator"/> before running.</summary>
public sealed record LoadSpec
{
    /// <summary>Target URLs (http, https, or grpc and grpcs for gRPC methods). Connection <c>i</c> sends to <c>Urls[i % Urls.Count]</c>.</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    public string Method { get; init; } = "GET";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Sent as one <c>Cookie</c> header.</summary>
    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body (sent as UTF-8); null for none.</summary>
    public string? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>
    /// Requests per second for the open model (fixed schedule, coordinated-omission corrected latency).
    /// Null selects the closed model: every connection sends its next request as soon as the previous one is answered.
    /// </summary>
    public int? Rps { get; init; }

    /// <summary>TCP connections. An HTTP/1.1 connection carries one request at a time; an HTTP/2 one carries
    /// <see cref="Streams"/>.</summary>
    public int Connections { get; init; } = 10;

    /// <summary>HTTP/2 only: requests in flight on each connection, each on its own stream (h2load's -m). In the
    /// open model every stream keeps its own share of the schedule, and its latency is corrected on its own.</summary>
    public int Streams { get; init; } = 1;

    /// <summary>Measured run time (after warm-up). At least one of <see cref="Duration"/> and <see cref="Requests"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Measured request count (after warm-up); the run stops when it is reached.</summary>
    public long? Requests { get; init; }

    /// <summary>Load sent before measuring starts; not counted anywhere in the result.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>Per-request timeout; a request without a complete response by then counts as a timeout error.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public HttpProtocol Protocol { get; init; } = HttpProtocol.Http1;

    /// <summary>Accept any server certificate (https only).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>PEM of a CA certificate to trust for https targets instead of the system store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>gRPC targets: the request message as JSON and where its type comes from. Null sends the empty
    /// message, which only the health check can do without a .proto file or reflection.</summary>
    public Grpc.GrpcRequest? Grpc { get; init; }
    /// <summary>
    /// When set, measuring waits for the next whole second of the wall clock plus this offset (0 to 1 s), so that
    /// several generators sharing one rate (the cluster runner's pods) start in step and interleave their schedules.
    /// Null starts as soon as the connections are open.
    /// </summary>
    public TimeSpan? StartPhase { get; init; }

    public LoadModel Model => Rps is null ? LoadModel.Closed : LoadModel.Open;

    /// <summary>The targets are gRPC methods (grpc:// or grpcs:// URLs): calls go over HTTP/2 whatever
    /// <see cref="Protocol"/> says, and outcomes are counted by gRPC status.</summary>
    public bool IsGrpc => Urls is { Count: > 0 } && Urls.All(u => u is not null && Meshdock.Load.Grpc.GrpcTarget.IsGrpc(u));
}

public enum LoadModel
{
    /// <summary>Connection loops sending back to back (max throughput); latency is service time.</summary>
    Closed,

    /// <summary>Constant rate on a fixed timeline; latency measured from each request's intended send time.</summary>
    Open,
}
