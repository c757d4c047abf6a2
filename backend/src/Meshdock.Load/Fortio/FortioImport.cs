using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.Load.Smp;

namespace Meshdock.Load.Fortio;

/// <summary>
/// Reads Fortio's JSON result of an HTTP run (<c>fortio load -json</c>), checking each field Meshdock uses, and turns
/// it into the load spec it describes and an SMP document, so a Fortio run can sit beside Meshdock's own.
/// </summary>
public static class FortioImport
{
    public const string LoadGenerator = "fortio";

    /// <summary>Fortio results are a few levels deep; deeper nesting is refused while reading.</summary>
    private static readonly JsonDocumentOptions Depth = new() { MaxDepth = Yaml.SafeYaml.MaxDepth };

    /// <summary>Whether the text is a Fortio result (a JSON object with RunType and DurationHistogram), of any runner.</summary>
    public static bool LooksLikeFortio(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
            return false;
        try
        {
            return JsonNode.Parse(text, documentOptions: Depth) is JsonObject root && root["RunType"] is not null && root["DurationHistogram"] is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <exception cref="FortioFormatException">The result is not an HTTP run Meshdock can use; the message says why.</exception>
    public static FortioResult Parse(string text)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: Depth) as JsonObject
                ?? throw new FortioFormatException("(document)", "A Fortio result is a JSON object; this file is not one.");
        }
        catch (JsonException e)
        {
            throw new FortioFormatException("(document)", $"The file is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        var runType = Text(root, "RunType", required: true)!;
        if (root["error"] is JsonValue error && error.GetValueKind() == JsonValueKind.True)
            throw new FortioFormatException("error", $"This Fortio run failed before measuring anything ({Text(root, "message") ?? "no message"}); there is nothing to import.");
        if (runType != "HTTP")
        {
            var kind = runType.StartsWith("GRPC", StringComparison.Ordinal) ? "gRPC" : runType.Split(' ')[0];
            throw new FortioFormatException("RunType", kind == "gRPC"
                ? $"This is a Fortio gRPC result (RunType '{runType}'); Fortio counts gRPC calls by health serving status (SERVING, NOT_SERVING, ...) or as ERROR, not by gRPC status code, so its outcomes cannot sit beside Meshdock's gRPC codes. Import only results of Fortio's HTTP runner (RunType 'HTTP'), or run the gRPC test with Meshdock."
                : $"This is a Fortio {kind} result (RunType '{runType}'); Meshdock imports only results of Fortio's HTTP runner (RunType 'HTTP').");
        }

        var requestedQps = Text(root, "RequestedQPS", required: true)!;
        double? qps = null;
        if (requestedQps != "max")
        {
            qps = double.TryParse(requestedQps, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
                ? value
                : throw new FortioFormatException("RequestedQPS", $"RequestedQPS '{requestedQps}' is neither a rate above 0 nor \"max\".");
        }

        var url = Text(root, "URL", required: true)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FortioFormatException("URL", $"URL '{url}' is not an http(s) URL.");

        var startText = Text(root, "StartTime", required: true)!;
        if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start))
            throw new FortioFormatException("StartTime", $"StartTime '{startText}' is not a timestamp.");

        var retCodes = new Dictionary<int, long>();
        if (root["RetCodes"] is not JsonObject codes)
            throw new FortioFormatException("RetCodes", "RetCodes is missing: an HTTP result counts its calls per status code.");
        foreach (var (code, count) in codes)
        {
            if (!int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status) || status is not (-1 or (>= 100 and <= 999)))
                throw new FortioFormatException($"RetCodes.{code}", $"RetCodes has '{code}', which is neither an HTTP status nor -1 (socket error).");
            retCodes[status] = Integer(count, $"RetCodes.{code}", 0);
        }

        var histogram = Histogram(root["DurationHistogram"], "DurationHistogram", required: true)!;
        // Fortio counts every call in both; Meshdock's export has no latency for calls that got no answer (-1).
        var calls = retCodes.Values.Sum();
        if (calls != histogram.Count && calls - retCodes.GetValueOrDefault(-1) != histogram.Count)
            throw new FortioFormatException("RetCodes",
                $"RetCodes add up to {calls} calls but DurationHistogram.Count is {histogram.Count}; they must agree.");

        return new FortioResult
        {
            Labels = Text(root, "Labels") ?? "",
            StartTime = start,
            RequestedQps = qps,
            RequestedDuration = Text(root, "RequestedDuration", required: true)!,
            ActualQps = Number(root["ActualQPS"], "ActualQPS", required: true)!.Value,
            ActualDuration = TimeSpan.FromTicks(Integer(root["ActualDuration"], "ActualDuration", 0) / 100),
            NumThreads = (int)Integer(root["NumThreads"], "NumThreads", 1, int.MaxValue),
            Version = Text(root, "Version"),
            Url = url,
            Payload = Payload(root["Payload"]),
            ContentType = Text(root, "ContentType") is { Length: > 0 } contentType ? contentType : null,
            MethodOverride = Text(root, "MethodOverride") is { Length: > 0 } method ? method : null,
            Timeout = root["HTTPReqTimeOut"] is { } timeout ? TimeSpan.FromTicks(Integer(timeout, "HTTPReqTimeOut", 0) / 100) : null,
            RetCodes = retCodes,
            DurationHistogram = histogram,
            ErrorsDurationHistogram = Histogram(root["ErrorsDurationHistogram"], "ErrorsDurationHistogram", required: false),
            Exactly = root["Exactly"] is { } exactly ? Integer(exactly, "Exactly", 0) : 0,
            Jitter = Flag(root, "Jitter"),
            Uniform = Flag(root, "Uniform"),
            NoCatchUp = Flag(root, "NoCatchUp"),
        };
    }

    /// <summary>The test a Fortio result describes, as a Meshdock load spec (to run it again with Meshdock).</summary>
    public static LoadSpec ToLoadSpec(FortioResult result) => new()
    {
        Urls = [result.Url],
        Method = Method(result),
        Body = result.Payload,
        ContentType = result.ContentType,
        Rps = result.RequestedQps is { } qps ? (int)Math.Clamp(Math.Ceiling(qps), 1, int.MaxValue) : null,
        Connections = result.NumThreads,
        Duration = result.Exactly > 0 ? null : SmpFormat.TryParseDuration(result.RequestedDuration, out var duration) ? duration : result.ActualDuration,
        Requests = result.Exactly > 0 ? result.Exactly : null,
        Timeout = result.Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(10),
    };

    /// <summary>The result as an SMP document: the test as run by Fortio, its latency in milliseconds.</summary>
    public static SmpDocument ToSmp(FortioResult result)
    {
        var spec = ToLoadSpec(result);
        var labels = new Dictionary<string, string> { [SmpExport.LabelPrefix + "method"] = spec.Method };
        if (spec.Requests is { } requests)
            labels[SmpExport.LabelPrefix + "requests"] = requests.ToString(CultureInfo.InvariantCulture);
        labels[SmpExport.LabelPrefix + "timeout"] = SmpFormat.FormatDuration(spec.Timeout);
        var histogram = result.DurationHistogram;
        return new SmpDocument
        {
            SmpVersion = SmpDocument.SpecVersion,
            Name = result.Labels.Length > 0 ? result.Labels : null,
            Labels = labels,
            Clients =
            [
                new SmpClient
                {
                    LoadGenerator = result.Version is { Length: > 0 } version ? $"{LoadGenerator} {version}" : LoadGenerator,
                    Protocol = SmpProtocol.Http,
                    Connections = result.NumThreads,
                    Rps = spec.Rps,
                    Body = spec.Body,
                    ContentType = spec.ContentType,
                    EndpointUrls = spec.Urls,
                },
            ],
            Duration = spec.Duration is { } d ? SmpFormat.FormatDuration(d) : null,
            Result = new SmpResult
            {
                // The outcome as Meshdock's own SMP results carry it, so it survives an export and a new import.
                Labels = result.RetCodes.Where(p => p.Value > 0).ToDictionary(
                    p => p.Key == -1 ? SmpExport.SocketErrorsLabel : SmpExport.HttpStatusLabel + p.Key.ToString(CultureInfo.InvariantCulture),
                    p => p.Value.ToString(CultureInfo.InvariantCulture)),
                StartTime = result.StartTime.ToUniversalTime(),
                EndTime = result.EndTime.ToUniversalTime(),
                LatenciesMs = histogram.Count == 0 ? null : new SmpLatencies(
                    histogram.Min * 1000, histogram.Avg * 1000, result.PercentileMs(50), result.PercentileMs(90), result.PercentileMs(99), histogram.Max * 1000),
                ActualQps = result.ActualQps,
            },
        };
    }

    private static string Method(FortioResult result) =>
        result.MethodOverride ?? (result.Payload is not null || result.ContentType is not null ? "POST" : "GET");

    private static FortioHistogram? Histogram(JsonNode? node, string path, bool required)
    {
        if (node is null)
            return required ? throw new FortioFormatException(path, $"{path} is missing.") : null;
        var histogram = node as JsonObject ?? throw new FortioFormatException(path, $"{path} must be an object (Fortio's HistogramData).");
        var count = Integer(histogram["Count"], $"{path}.Count", 0);
        var data = (histogram["Data"] as JsonArray ?? []).Select((b, i) =>
        {
            var bucketPath = $"{path}.Data[{i}]";
            var bucket = b as JsonObject ?? throw new FortioFormatException(bucketPath, $"{bucketPath} must be an object with Start, End, Percent and Count.");
            return new FortioBucket(Number(bucket["Start"], $"{bucketPath}.Start", true)!.Value, Number(bucket["End"], $"{bucketPath}.End", true)!.Value,
                Number(bucket["Percent"], $"{bucketPath}.Percent", true)!.Value, Integer(bucket["Count"], $"{bucketPath}.Count", 0));
        }).ToList();
        if (data.Sum(b => b.Count) != count)
            throw new FortioFormatException($"{path}.Data", $"{path}.Data holds {data.Sum(b => b.Count)} values but {path}.Count is {count}.");
        var percentiles = histogram["Percentiles"] is JsonArray list
            ? list.Select((p, i) => new FortioPercentile(Number(p?["Percentile"], $"{path}.Percentiles[{i}].Percentile", true)!.Value,
                Number(p?["Value"], $"{path}.Percentiles[{i}].Value", true)!.Value)).ToList()
            : [];
        var result = new FortioHistogram(count,
            Number(histogram["Min"], $"{path}.Min", count > 0) ?? 0, Number(histogram["Max"], $"{path}.Max", count > 0) ?? 0,
            Number(histogram["Sum"], $"{path}.Sum", false) ?? 0, Number(histogram["Avg"], $"{path}.Avg", count > 0) ?? 0,
            Number(histogram["StdDev"], $"{path}.StdDev", false) ?? 0, data, percentiles);
        if (result.Min > result.Max || (count > 0 && (result.Avg < result.Min || result.Avg > result.Max)))
            throw new FortioFormatException($"{path}.Avg", $"{path} has Min {result.Min}, Avg {result.Avg} and Max {result.Max}; they must be in that order.");
        return result;
    }

    private static string? Payload(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
            return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.GetValue<string>()));
        }
        catch (FormatException)
        {
            throw new FortioFormatException("Payload", "Payload is not base64 (Fortio writes the request body as base64).");
        }
    }

    private static string? Text(JsonObject root, string name, bool required = false)
    {
        var node = root[name];
        if (node is null)
            return required ? throw new FortioFormatException(name, $"{name} is missing; is this a Fortio result?") : null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw new FortioFormatException(name, $"{name} must be text.");
    }

    private static bool Flag(JsonObject root, string name) => root[name] switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new FortioFormatException(name, $"{name} must be true or false."),
    };

    private static double? Number(JsonNode? node, string path, bool required)
    {
        if (node is null)
            return required ? throw new FortioFormatException(path, $"{path} is missing.") : null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var number) && double.IsFinite(number) && number >= 0)
            return number;
        throw new FortioFormatException(path, $"{path} must be a number of zero or more, not {node.ToJsonString()}.");
    }

    private static long Integer(JsonNode? node, string path, long min, long max = long.MaxValue)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var integer))
            return integer >= min && integer <= max ? integer
                : throw new FortioFormatException(path, $"{path} is {integer}; it must be between {min} and {max}.");
        throw new FortioFormatException(path, node is null ? $"{path} is missing." : $"{path} must be a whole number, not {node.ToJsonString()}.");
    }
}
