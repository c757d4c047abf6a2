using Meshdock.Load;
using Meshdock.Load.Grpc;
using Meshdock.Server.Platform.Problems;

using HttpProtocol = Meshdock.Load.HttpProtocol;

namespace Meshdock.Server.Features.Performance;

/// <summary>How a run is generated, as the API and the UI see it. Times are plain numbers so a form can bind them.</summary>
/// <param name="Model"><c>open</c> (constant rate, coordinated-omission corrected) or <c>closed</c> (max throughput).</param>
/// <param name="Rps">Requests per second; required for the open model, not allowed for the closed one.</param>
/// <param name="DurationSeconds">Measured run time; this or <paramref name="Requests"/> (or both: whichever comes first).</param>
/// <param name="Streams">HTTP/2 and gRPC: requests in flight on each connection (1 when left out).</param>
/// <param name="Grpc">gRPC methods: the request as proto3 JSON (<c>json</c>), with the method's .proto file's text
/// (<c>proto</c>) or <c>reflection: true</c>; the health check needs none of them.</param>
/// <param name="Runner">Where the load comes from; Meshdock's own process when left out.</param>
public sealed record PerfSpec(
    IReadOnlyList<string>? Urls,
    string? Method = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? Cookies = null,
    string? Body = null,
    string? ContentType = null,
    string? Model = null,
    int? Rps = null,
    int? Connections = null,
    double? DurationSeconds = null,
    long? Requests = null,
    double? WarmupSeconds = null,
    double? TimeoutSeconds = null,
    bool Http2 = false,
    bool InsecureSkipVerify = false,
    string? CaCertificatePem = null,
    int? Streams = null,
    GrpcRequest? Grpc = null,
    PerfRunnerSpec? Runner = null)
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>The engine's spec, or the sentences (per API field) that say what is wrong.</summary>
    public Validation Validate(out LoadSpec spec)
    {
        var validation = new Validation()
            .Check(Model is null or Open or Closed, "model", $"'model' must be \"open\" (a fixed rate) or \"closed\" (maximum throughput), not \"{Model}\".")
            .Check(Model != Open || Rps is not null, "rps", "The open model sends at a fixed rate: set 'rps' (1 to 1,000,000).")
            .Check(Model != Closed || Rps is null, "rps", "The closed model sends as fast as responses come back: leave 'rps' out, or choose the open model.")
            .Check(DurationSeconds is null or (>= 0 and <= 86_400), "durationSeconds", "'durationSeconds' must be between 1 and 3600.")
            .Check(WarmupSeconds is null or (>= 0 and <= 86_400), "warmupSeconds", "'warmupSeconds' must be between 0 and 600.")
            .Check(TimeoutSeconds is null or (> 0 and <= 86_400), "timeoutSeconds", "'timeoutSeconds' must be more than 0 and at most 300.");
        spec = ToLoadSpec();
        if (!validation.IsValid)
        {
            return validation;
        }

        foreach (var error in LoadSpecValidator.Validate(spec))
        {
            validation.Add(ApiField(error.Field), error.Message);
        }

        return validation.IsValid && Runner is not null ? Runner.Validate(validation, spec) : validation;
    }

    public static PerfSpec From(LoadSpec spec) => new(
        spec.Urls, spec.Method, spec.Headers, spec.Cookies, spec.Body, spec.ContentType,
        spec.Model == LoadModel.Open ? Open : Closed, spec.Rps, spec.Connections, spec.Duration?.TotalSeconds,
        spec.Requests, spec.Warmup.TotalSeconds, spec.Timeout.TotalSeconds, spec.Protocol == HttpProtocol.Http2,
        spec.InsecureSkipVerify, spec.CaCertificatePem, spec.Streams, spec.Grpc);

    public bool InCluster => Runner?.InCluster == true;

    private LoadSpec ToLoadSpec() => new()
    {
        Urls = Urls ?? [],
        Method = Method ?? "GET",
        Headers = Headers ?? new Dictionary<string, string>(),
        Cookies = Cookies ?? new Dictionary<string, string>(),
        Body = Body,
        ContentType = ContentType,
        Rps = Model == Closed ? null : Rps,
        Connections = Connections ?? 10,
        Streams = Streams ?? 1,
        Duration = Seconds(DurationSeconds),
        Requests = Requests,
        Warmup = Seconds(WarmupSeconds) ?? TimeSpan.Zero,
        Timeout = Seconds(TimeoutSeconds) ?? TimeSpan.FromSeconds(10),
        Protocol = Http2 ? HttpProtocol.Http2 : HttpProtocol.Http1,
        InsecureSkipVerify = InsecureSkipVerify,
        CaCertificatePem = CaCertificatePem,
        Grpc = Grpc,
    };

    private static TimeSpan? Seconds(double? value) => value is { } s && double.IsFinite(s) && s <= 86_400 ? TimeSpan.FromSeconds(s) : null;

    // The engine names its time fields after TimeSpans; the API carries them as seconds.
    private static string ApiField(string field) => field switch
    {
        "duration" => "durationSeconds",
        "warmup" => "warmupSeconds",
        "timeout" => "timeoutSeconds",
        _ => field,
    };
}
