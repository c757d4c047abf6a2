using System.Globalization;

namespace Meshdock.Load.Smp;

/// <summary>What Meshdock knows about a run beyond the load result itself (the server fills it in).</summary>
public sealed record SmpExportContext
{
    /// <summary>The run id, written as the SMP id.</summary>
    public required string Id { get; init; }

    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? DetailsUri { get; init; }

    public SmpEnvironment? Environment { get; init; }

    public SmpMesh? Mesh { get; init; }
}

/// <summary>Builds an SMP document from a run, and a load spec back from an SMP document.</summary>
public static class SmpExport
{
    public const string LoadGenerator = "meshdock";

    /// <summary>Meshdock's settings that SMP has no field for travel as labels with this prefix.</summary>
    public const string LabelPrefix = "meshdock.io/";

    /// <summary>On a result: the run was cancelled before its configured end.</summary>
    public const string CancelledLabel = LabelPrefix + "cancelled";

    /// <summary>On a result: calls per gRPC status, one label per name (…/grpc-status.OK: "980").</summary>
    public const string GrpcStatusLabel = LabelPrefix + "grpc-status.";

    /// <summary>On a result: answers per HTTP status, one label per code (…/http-status.200: "1000").</summary>
    public const string HttpStatusLabel = LabelPrefix + "http-status.";

    /// <summary>On a result: requests that got no answer.</summary>
    public const string SocketErrorsLabel = LabelPrefix + "socket-errors";

    public static SmpDocument FromResult(LoadResult result, SmpExportContext context)
    {
        var spec = result.Spec;
        var labels = new Dictionary<string, string>(context.Labels);
        labels[LabelPrefix + "method"] = spec.Method;
        labels[LabelPrefix + "http-version"] = spec.Protocol == HttpProtocol.Http2 ? "2" : "1.1";
        labels[LabelPrefix + "timeout"] = SmpFormat.FormatDuration(spec.Timeout);
        if (spec.Requests is { } requests)
            labels[LabelPrefix + "requests"] = requests.ToString(CultureInfo.InvariantCulture);
        if (spec.Warmup > TimeSpan.Zero)
            labels[LabelPrefix + "warmup"] = SmpFormat.FormatDuration(spec.Warmup);

        var latency = result.Latency;
        return LinkIds(new SmpDocument
        {
            SmpVersion = SmpDocument.SpecVersion,
            Id = context.Id,
            Name = context.Name,
            Labels = labels,
            Clients =
            [
                new SmpClient
                {
                    Internal = false,
                    LoadGenerator = LoadGenerator,
                    Protocol = spec.IsGrpc ? SmpProtocol.Grpc : SmpProtocol.Http,
                    Connections = spec.Connections,
                    Rps = spec.Rps,
                    Headers = spec.Headers,
                    Cookies = spec.Cookies,
                    Body = spec.Body,
                    ContentType = spec.ContentType,
                    EndpointUrls = spec.Urls,
                },
            ],
            Duration = spec.Duration is { } duration ? SmpFormat.FormatDuration(duration) : null,
            Result = new SmpResult
            {
                Labels = ResultLabels(result),
                StartTime = result.StartTime,
                EndTime = result.EndTime,
                LatenciesMs = latency.Count == 0 ? null
                    : new SmpLatencies(latency.MinMs, latency.MeanMs, latency.P50Ms, latency.P90Ms, latency.P99Ms, latency.MaxMs),
                ActualQps = result.ActualRps,
                DetailsUri = context.DetailsUri,
            },
            Environment = context.Environment,
            Mesh = context.Mesh,
        });
    }

    /// <summary>
    /// SMP's result has no field for what the requests got back, so the outcome travels as labels: HTTP statuses,
    /// gRPC statuses by name (a gRPC run's calls answered with HTTP 200 count there only) and socket errors.
    /// </summary>
    private static Dictionary<string, string> ResultLabels(LoadResult result)
    {
        var labels = new Dictionary<string, string>();
        if (result.Cancelled)
            labels[CancelledLabel] = "true";
        foreach (var (code, count) in result.StatusCodes)
            labels[HttpStatusLabel + code.ToString(CultureInfo.InvariantCulture)] = count.ToString(CultureInfo.InvariantCulture);
        if (result.Spec.IsGrpc)
        {
            foreach (var (name, count) in result.GrpcStatusCodes)
                labels[GrpcStatusLabel + name] = count.ToString(CultureInfo.InvariantCulture);
        }
        if (result.ErrorCount > 0)
            labels[SocketErrorsLabel] = result.ErrorCount.ToString(CultureInfo.InvariantCulture);
        return labels;
    }

    /// <summary>The outcome a result's labels carry (see <see cref="ResultLabels"/>), or null when they carry none.
    /// A gRPC test's outcome always has its gRPC codes, empty when no call got a gRPC status.</summary>
    /// <exception cref="SmpFormatException">An outcome label whose key or count Meshdock cannot read.</exception>
    public static SmpOutcome? OutcomeOf(SmpDocument document)
    {
        if (document.Result is not { } result)
            return null;
        var http = new Dictionary<int, long>();
        var grpc = new Dictionary<string, long>(StringComparer.Ordinal);
        long? socketErrors = null;
        foreach (var (key, value) in result.Labels)
        {
            if (!key.StartsWith(LabelPrefix, StringComparison.Ordinal))
                continue;
            var field = $"{SmpWriter.ResultKey}.labels.{key}";
            long Count() => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n : throw new SmpFormatException(field, $"{field} is '{value}'; it must be a count (a whole number, 0 or more).");
            if (key.StartsWith(HttpStatusLabel, StringComparison.Ordinal))
            {
                var code = key[HttpStatusLabel.Length..];
                http[int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 999 ? status
                    : throw new SmpFormatException(field, $"{field} names '{code}', which is not an HTTP status (100 to 999).")] = Count();
            }
            else if (key.StartsWith(GrpcStatusLabel, StringComparison.Ordinal))
            {
                var name = key[GrpcStatusLabel.Length..];
                grpc[Grpc.GrpcStatusCodes.IsName(name) ? name
                    : throw new SmpFormatException(field, $"{field} names '{name}', which is not a gRPC status (OK, CANCELLED, ... UNAUTHENTICATED).")] = Count();
            }
            else if (key == SocketErrorsLabel)
                socketErrors = Count();
        }
        var isGrpc = document.Clients.Count > 0 && document.Clients[0].Protocol == SmpProtocol.Grpc;
        if (grpc.Count > 0 && !isGrpc)
            throw new SmpFormatException("result.labels", $"The result counts gRPC statuses ({GrpcStatusLabel}*) but its client's protocol is not PROTOCOL_GRPC.");
        if (http.Count == 0 && grpc.Count == 0 && socketErrors is null)
            return null;
        return new SmpOutcome(http, isGrpc ? grpc : null, socketErrors ?? 0);
    }

    /// <summary>
    /// Gives the result, environment and mesh of a test that has an id the ids SMP links them by, where they have none:
    /// the result shares the test's id (one run, one result), the others are named after it.
    /// </summary>
    public static SmpDocument LinkIds(SmpDocument document) => document.Id is not { Length: > 0 } id ? document : document with
    {
        Result = document.Result is { } r ? r with { Id = r.Id ?? id } : null,
        Environment = document.Environment is { } e ? e with { Id = e.Id ?? id + "-environment" } : null,
        Mesh = document.Mesh is { } m ? m with { Id = m.Id ?? id + "-mesh" } : null,
    };

    /// <summary>The load spec an SMP document describes (its first client), e.g. to run an imported test again.</summary>
    public static LoadSpec ToLoadSpec(SmpDocument document)
    {
        var client = document.Clients[0];
        string? Label(string name) => document.Labels.GetValueOrDefault(LabelPrefix + name);
        return new LoadSpec
        {
            Urls = client.EndpointUrls,
            Method = Label("method") ?? "GET",
            Headers = client.Headers,
            Cookies = client.Cookies,
            Body = client.Body,
            ContentType = client.ContentType,
            Rps = client.Rps is > 0 and var rps ? (int)Math.Min(rps, int.MaxValue) : null,
            Connections = client.Connections ?? 1,
            Duration = document.Duration is { } duration ? SmpFormat.ParseDuration(duration) : null,
            Requests = long.TryParse(Label("requests"), CultureInfo.InvariantCulture, out var requests) ? requests : null,
            Timeout = LabelDuration(document, "timeout") ?? TimeSpan.FromSeconds(10),
            Warmup = LabelDuration(document, "warmup") ?? TimeSpan.Zero,
            Protocol = Label("http-version") == "2" ? HttpProtocol.Http2 : HttpProtocol.Http1,
        };
    }

    /// <exception cref="SmpFormatException">The label is there but is not a duration Meshdock can hold.</exception>
    private static TimeSpan? LabelDuration(SmpDocument document, string name)
    {
        var field = LabelPrefix + name;
        if (document.Labels.GetValueOrDefault(field) is not { } text)
            return null;
        return SmpFormat.TryParseDuration(text, out var value)
            ? value
            : throw new SmpFormatException($"labels.{field}", $"labels.{field} '{text}' is not a duration like 30s, 1m30s or 500ms (at most {(int)TimeSpan.MaxValue.TotalHours}h).");
    }
}

/// <summary>What a result's requests got back, as its labels carry it. <see cref="GrpcStatusCodes"/> is null for
/// a test that is not gRPC.</summary>
public sealed record SmpOutcome(IReadOnlyDictionary<int, long> StatusCodes, IReadOnlyDictionary<string, long>? GrpcStatusCodes, long SocketErrors)
{
    public long Requests => StatusCodes.Values.Sum() + (GrpcStatusCodes?.Values.Sum() ?? 0) + SocketErrors;
}
