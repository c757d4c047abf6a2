using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Meshdock.Load.Smp;

/// <summary>Reads an SMP document from a JSON tree, checking each field; the first bad one raises
/// <see cref="SmpFormatException"/> with its path.</summary>
internal static class SmpReader
{
    private static readonly string[] Protocols = ["http", "tcp", "udp", "grpc"];

    public static SmpDocument Read(JsonNode? root)
    {
        var doc = Object(root, "(document)", "The file must be an SMP document: a mapping with smp_version, clients and result.");
        var clients = Array(doc["clients"], "clients", required: true)!;
        if (clients.Count == 0)
            throw new SmpFormatException("clients", "clients is empty; an SMP test needs at least one client with its endpoint_urls.");
        return new SmpDocument
        {
            SmpVersion = String(doc["smp_version"], "smp_version", required: true)!,
            Id = String(doc["id"], "id"),
            Name = String(doc["name"], "name"),
            Labels = StringMap(doc["labels"], "labels"),
            Clients = [.. clients.Select((c, i) => Client(c, $"clients[{i}]"))],
            Duration = Duration(doc["duration"], "duration"),
            Result = doc["result"] is null ? null : Result(doc["result"], "result"),
        };
    }

    private static SmpClient Client(JsonNode? node, string path)
    {
        var client = Object(node, path, $"{path} must be a mapping with endpoint_urls, connections and rps.");
        var urlsNode = client["endpoint_urls"] ?? client["endpoint_url"];
        var urls = Array(urlsNode, $"{path}.endpoint_urls", required: true)!;
        if (urls.Count == 0)
            throw new SmpFormatException($"{path}.endpoint_urls", $"{path}.endpoint_urls is empty; list the URLs the test called.");
        var endpointUrls = urls.Select((u, i) => Url(u, $"{path}.endpoint_urls[{i}]")).ToList();
        return new SmpClient
        {
            Internal = Bool(client["internal"], $"{path}.internal") ?? false,
            LoadGenerator = String(client["load_generator"], $"{path}.load_generator"),
            Protocol = Protocol(client["protocol"], $"{path}.protocol"),
            Connections = (int?)Integer(client["connections"], $"{path}.connections", 1, 10_000_000),
            Rps = Integer(client["rps"], $"{path}.rps", 0, long.MaxValue),
            Headers = StringMap(client["headers"], $"{path}.headers"),
            Cookies = StringMap(client["cookies"], $"{path}.cookies"),
            Body = String(client["body"], $"{path}.body"),
            ContentType = String(client["content_type"], $"{path}.content_type"),
            EndpointUrls = endpointUrls,
        };
    }

    private static SmpResult Result(JsonNode? node, string path)
    {
        var result = Object(node, path, "result must be a mapping with start_time, end_time, latencies_ms and actual_qps.");
        var start = Time(result["start_time"], $"{path}.start_time");
        var end = Time(result["end_time"], $"{path}.end_time");
        if (end < start)
            throw new SmpFormatException($"{path}.end_time", $"{path}.end_time ({end:O}) is before start_time ({start:O}).");
        return new SmpResult
        {
            StartTime = start,
            EndTime = end,
            LatenciesMs = result["latencies_ms"] is null ? null : Latencies(result["latencies_ms"], $"{path}.latencies_ms"),
            ActualQps = Number(result["actual_qps"], $"{path}.actual_qps"),
            DetailsUri = String(result["details_uri"], $"{path}.details_uri"),
            Environment = result["environment"] is null ? null : Environment(result["environment"], $"{path}.environment"),
            Mesh = result["mesh"] is null ? null : Mesh(result["mesh"], $"{path}.mesh"),
        };
    }

    private static SmpLatencies Latencies(JsonNode? node, string path)
    {
        var latencies = Object(node, path, $"{path} must be a mapping of min, average, p50, p90, p99 and max in milliseconds.");
        double Required(string name) => Number(latencies[name], $"{path}.{name}")
            ?? throw new SmpFormatException($"{path}.{name}", $"{path}.{name} is missing; give it in milliseconds.");
        var value = new SmpLatencies(Required("min"), Required("average"), Required("p50"), Required("p90"), Required("p99"), Required("max"));
        var ordered = new (string Name, double Value)[] { ("min", value.Min), ("p50", value.P50), ("p90", value.P90), ("p99", value.P99), ("max", value.Max) };
        for (var i = 1; i < ordered.Length; i++)
            if (ordered[i].Value < ordered[i - 1].Value)
                throw new SmpFormatException($"{path}.{ordered[i].Name}",
                    $"{path}.{ordered[i].Name} ({ordered[i].Value} ms) is below {ordered[i - 1].Name} ({ordered[i - 1].Value} ms); percentiles must not decrease.");
        if (value.Average < value.Min || value.Average > value.Max)
            throw new SmpFormatException($"{path}.average", $"{path}.average ({value.Average} ms) is outside min..max.");
        return value;
    }

    private static SmpEnvironment Environment(JsonNode? node, string path)
    {
        var env = Object(node, path, $"{path} must be a mapping with kubernetes_version and nodes.");
        var nodes = Array(env["nodes"] ?? env["node"], $"{path}.nodes", required: false) ?? [];
        return new SmpEnvironment
        {
            KubernetesVersion = String(env["kubernetes_version"], $"{path}.kubernetes_version"),
            Nodes = [.. nodes.Select((n, i) =>
            {
                var nodePath = $"{path}.nodes[{i}]";
                var item = Object(n, nodePath, $"{nodePath} must be a mapping with cores and mem_mb.");
                return new SmpNode
                {
                    Type = String(item["type"], $"{nodePath}.type"),
                    Cores = (int?)Integer(item["cores"], $"{nodePath}.cores", 1, 100_000),
                    MemMb = Integer(item["mem_mb"], $"{nodePath}.mem_mb", 1, long.MaxValue),
                };
            })],
        };
    }

    private static SmpMesh Mesh(JsonNode? node, string path)
    {
        var mesh = Object(node, path, $"{path} must be a mapping with name and version.");
        return new SmpMesh(String(mesh["name"], $"{path}.name", required: true)!, String(mesh["version"], $"{path}.version"));
    }

    private static JsonObject Object(JsonNode? node, string path, string message) =>
        node as JsonObject ?? throw new SmpFormatException(path, message);

    private static JsonArray? Array(JsonNode? node, string path, bool required)
    {
        if (node is null)
            return required ? throw new SmpFormatException(path, $"{path} is missing.") : null;
        return node as JsonArray ?? throw new SmpFormatException(path, $"{path} must be a list.");
    }

    private static string? String(JsonNode? node, string path, bool required = false)
    {
        if (node is null)
            return required ? throw new SmpFormatException(path, $"{path} is missing.") : null;
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
        {
            var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            if (required && string.IsNullOrWhiteSpace(text))
                throw new SmpFormatException(path, $"{path} is empty.");
            return text;
        }
        throw new SmpFormatException(path, $"{path} must be text, not {Describe(node)}.");
    }

    private static Dictionary<string, string> StringMap(JsonNode? node, string path)
    {
        if (node is null)
            return new Dictionary<string, string>();
        var map = Object(node, path, $"{path} must be a mapping of names to text values.");
        return map.ToDictionary(p => p.Key, p => String(p.Value, $"{path}.{p.Key}", required: false) ?? "");
    }

    private static bool? Bool(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new SmpFormatException(path, $"{path} must be true or false, not {Describe(node)}."),
    };

    private static double? Number(JsonNode? node, string path)
    {
        if (node is null)
            return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= 0)
            return number;
        throw new SmpFormatException(path, $"{path} must be a number of zero or more, not {Describe(node)}.");
    }

    private static long? Integer(JsonNode? node, string path, long min, long max)
    {
        if (node is null)
            return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            if (integer >= min && integer <= max)
                return integer;
            throw new SmpFormatException(path, $"{path} is {integer}; it must be between {min} and {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        }
        throw new SmpFormatException(path, $"{path} must be a whole number, not {Describe(node)}.");
    }

    private static string Protocol(JsonNode? node, string path)
    {
        if (node is null)
            return "http";
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            return int.TryParse(v.ToJsonString(), CultureInfo.InvariantCulture, out var index) && index >= 0 && index < Protocols.Length
                ? Protocols[index]
                : throw new SmpFormatException(path, $"{path} {v.ToJsonString()} is not an SMP protocol number (0 http, 1 tcp, 2 udp, 3 grpc).");
        var text = String(node, path)!.ToLowerInvariant();
        return Protocols.Contains(text) ? text
            : throw new SmpFormatException(path, $"{path} '{text}' is not an SMP protocol; use http, tcp, udp or grpc.");
    }

    private static string Url(JsonNode? node, string path)
    {
        var text = String(node, path, required: true)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw new SmpFormatException(path, $"{path} '{text}' is not an http(s) URL with a host.");
        return text;
    }

    private static string? Duration(JsonNode? node, string path)
    {
        var text = String(node, path);
        if (text is null)
            return null;
        if (!SmpFormat.TryParseDuration(text, out _))
            throw new SmpFormatException(path, $"{path} '{text}' is not a duration like 30s, 1m30s or 500ms (at most {(int)TimeSpan.MaxValue.TotalHours}h).");
        return text;
    }

    private static DateTimeOffset Time(JsonNode? node, string path)
    {
        var text = String(node, path, required: true)!;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new SmpFormatException(path, $"{path} '{text}' is not a timestamp; use RFC 3339, e.g. 2025-01-31T12:00:00Z.");
    }

    private static string Describe(JsonNode? node) => node switch
    {
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() == JsonValueKind.String ? $"'{v.GetValue<string>()}'" : v.ToJsonString(),
        _ => "null",
    };
}
