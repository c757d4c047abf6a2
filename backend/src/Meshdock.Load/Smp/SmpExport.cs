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
                Labels = result.Cancelled ? new Dictionary<string, string> { [CancelledLabel] = "true" } : new Dictionary<string, string>(),
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
