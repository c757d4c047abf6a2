using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Meshdock.Load.Smp;

/// <summary>
/// Reads SMP documents from JSON trees, checking each field as protojson does (unknown fields refused, enums by proto
/// name or number, 64-bit integers as numbers or strings, lowerCamelCase names accepted) plus what Meshdock needs to
/// use the figures (URLs, times, ordered percentiles). Accepted shapes: the messages as one object keyed
/// <c>performance_test_config</c>, <c>performance_test_result</c>, …; one YAML document per message; a bare
/// <c>PerformanceTestConfig</c>; and Meshdock's earlier export (a config with a nested <c>result</c>). The first bad
/// field raises <see cref="SmpFormatException"/> with its path.
/// </summary>
internal static class SmpReader
{
    private static readonly string[] ConfigFields = ["smp_version", "id", "name", "labels", "clients", "duration"];
    private static readonly string[] ClientFields = ["internal", "load_generator", "protocol", "connections", "rps", "headers", "cookies",
        "body", "content_type", "endpoint_urls", "ssl_certificate", "additional_options"];
    private static readonly string[] ResultFields = ["smp_version", "id", "labels", "start_time", "end_time", "latencies_ms", "actual_qps",
        "details_uri", "test_id", "mesh_config_id", "env_id"];
    private static readonly string[] LatencyFields = ["min", "average", "p50", "p90", "p99", "max"];
    private static readonly string[] EnvironmentFields = ["smp_version", "id", "labels", "kubernetes_version", "nodes", "individual_workloads",
        "traffic_metadata"];
    private static readonly string[] NodeFields = ["type", "cores", "mem_mb"];
    private static readonly string[] MeshFields = ["smp_version", "id", "labels", "ingress_gateway", "sidecar", "mesh_telemetry", "mesh_policy",
        "mesh_control_plane", "mesh_policy_enabled", "mesh_telemetry_enabled", "mtls_enabled", "proxy_concurrency", "mesh_build",
        "proxy_build", "exp_group_uuid", "exp_uuid", "profile", "mesh_type", "application_metadata"];
    private static readonly string[] MeshTypeFields = ["type", "version", "labels", "annotations"];

    private static readonly string[] Shared = ["smp_version", "id", "labels"];

    private static readonly (string Key, string Message, string[] Fields)[] Messages =
    [
        (SmpWriter.ConfigKey, "PerformanceTestConfig", ConfigFields),
        (SmpWriter.ResultKey, "PerformanceTestResult", ResultFields),
        (SmpWriter.EnvironmentKey, "EnvironmentConfig", EnvironmentFields),
        (SmpWriter.MeshKey, "ServiceMeshConfig", MeshFields),
    ];

    private const string Expected = "an SMP PerformanceTestConfig (smp_version, clients …), optionally with its PerformanceTestResult, "
        + "EnvironmentConfig and ServiceMeshConfig";

    /// <summary>Reads the file's documents (one for JSON, one per YAML document).</summary>
    public static SmpDocument Read(IReadOnlyList<JsonNode?> documents)
    {
        var nonEmpty = documents.Where(d => d is not null).ToList();
        if (nonEmpty.Count == 0)
            throw new SmpFormatException("(document)", $"The file holds no document; it must be {Expected}.");
        if (nonEmpty.Count == 1)
        {
            var root = nonEmpty[0] as JsonObject ?? throw new SmpFormatException("(document)", $"The file must be a mapping: {Expected}.");
            if (root.Any(p => MessageOf(p.Key) is not null))
                return FromMessages(Keyed(root));
            if (Field(root, "clients") is not null)
                return Config(root, "", legacy: true);
        }
        return FromMessages(Classified(nonEmpty));
    }

    /// <summary>The JSON form: every key must name a message.</summary>
    private static Dictionary<string, (JsonObject Node, string Path)> Keyed(JsonObject root)
    {
        var messages = new Dictionary<string, (JsonObject, string)>();
        foreach (var (key, value) in root)
        {
            var message = MessageOf(key) ?? throw new SmpFormatException(key,
                $"'{key}' is not an SMP message; the keys are {string.Join(", ", Messages.Select(m => m.Key))}.");
            messages[message.Key] = (Object(value, message.Key, $"{message.Key} must be a mapping: one {message.Message}."), message.Key);
        }
        return messages;
    }

    /// <summary>The YAML form: each document is the message whose own fields it has (config, result, environment, mesh).</summary>
    private static Dictionary<string, (JsonObject Node, string Path)> Classified(List<JsonNode?> documents)
    {
        var messages = new Dictionary<string, (JsonObject, string)>();
        for (var i = 0; i < documents.Count; i++)
        {
            var (path, subject) = documents.Count == 1 ? ("(document)", "The file") : ($"(document {i + 1})", $"Document {i + 1}");
            var node = Object(documents[i], path, $"{subject} must be a mapping: one SMP message.");
            if (ForeignFormats.Describe(node) is { } foreign)
                throw new SmpFormatException(path, $"{subject} {foreign}");
            var candidates = Messages.Where(m => node.Any(p => Own(m.Fields).Contains(Snake(p.Key)))).ToList();
            var message = candidates.Count switch
            {
                1 => candidates[0],
                // Only the fields every message has (smp_version, id, labels): SMP's order decides.
                0 when i < 2 && node.Count > 0 && node.All(p => Shared.Contains(Snake(p.Key))) => Messages[i],
                0 => throw new SmpFormatException(path, $"{subject} is not SMP: it has none of the fields of SMP's messages; it must be {Expected}."),
                _ => throw new SmpFormatException(path,
                    $"{subject} is not one SMP message: its fields belong to {string.Join(" and ", candidates.Select(c => c.Message))}."),
            };
            if (!messages.TryAdd(message.Key, (node, message.Key)))
                throw new SmpFormatException(path, $"{subject} is a second {message.Message}; a file describes one test.");
        }
        return messages;
    }

    private static SmpDocument FromMessages(Dictionary<string, (JsonObject Node, string Path)> messages)
    {
        if (!messages.TryGetValue(SmpWriter.ConfigKey, out var config))
        {
            throw new SmpFormatException(SmpWriter.ConfigKey, messages.ContainsKey(SmpWriter.ResultKey)
                ? "The file has a PerformanceTestResult but not its PerformanceTestConfig; a result alone does not say what was tested (URLs, rate, connections), so export the config with it."
                : $"The file has no PerformanceTestConfig; it must be {Expected}.");
        }
        var document = Config(config.Node, config.Path, legacy: false);
        var environment = messages.TryGetValue(SmpWriter.EnvironmentKey, out var env) ? Environment(env.Node, env.Path, legacy: false) : null;
        var mesh = messages.TryGetValue(SmpWriter.MeshKey, out var m) ? Mesh(m.Node, m.Path) : null;
        SmpResult? result = null;
        if (messages.TryGetValue(SmpWriter.ResultKey, out var r))
        {
            result = Result(r.Node, r.Path, legacy: false);
            Link(r.Node, r.Path, "test_id", document.Id, "PerformanceTestConfig");
            Link(r.Node, r.Path, "env_id", environment?.Id, "EnvironmentConfig");
            Link(r.Node, r.Path, "mesh_config_id", mesh?.Id, "ServiceMeshConfig");
        }
        return document with { Result = result, Environment = environment, Mesh = mesh };
    }

    /// <summary>A result's link must name the message in the file when both have an id.</summary>
    private static void Link(JsonObject result, string path, string field, string? target, string message)
    {
        var id = String(Field(result, field), Join(path, field));
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(target) && id != target)
            throw new SmpFormatException(Join(path, field),
                $"{Join(path, field)} '{id}' does not name the {message} in this file, whose id is '{target}'.");
    }

    private static SmpDocument Config(JsonObject doc, string path, bool legacy)
    {
        Known(doc, path, "PerformanceTestConfig", legacy ? [.. ConfigFields, "result"] : ConfigFields);
        var clients = Array(Field(doc, "clients"), Join(path, "clients"), required: true)!;
        if (clients.Count == 0)
            throw new SmpFormatException(Join(path, "clients"), $"{Join(path, "clients")} is empty; an SMP test needs at least one client with its endpoint_urls.");
        var labels = StringMap(Field(doc, "labels"), Join(path, "labels"));
        var document = new SmpDocument
        {
            SmpVersion = String(Field(doc, "smp_version"), Join(path, "smp_version"), required: true)!,
            Id = String(Field(doc, "id"), Join(path, "id")),
            Name = String(Field(doc, "name"), Join(path, "name")),
            Labels = labels,
            Clients = [.. clients.Select((c, i) => Client(c, Join(path, $"clients[{i}]")))],
            Duration = Duration(Field(doc, "duration"), Join(path, "duration")),
        };
        if (!legacy || Field(doc, "result") is not { } legacyResult)
            return document;

        // Meshdock's earlier export nested the result in the config, with the environment and mesh inside it and the
        // run's cancelled flag among the config's labels.
        var resultNode = Object(legacyResult, "result", "result must be a mapping with start_time, end_time, latencies_ms and actual_qps.");
        var result = Result(resultNode, "result", legacy: true);
        var resultLabels = new Dictionary<string, string>(result.Labels);
        var configLabels = new Dictionary<string, string>(labels);
        if (configLabels.Remove(SmpExport.CancelledLabel, out var cancelled))
            resultLabels[SmpExport.CancelledLabel] = cancelled;
        return SmpExport.LinkIds(document with
        {
            Labels = configLabels,
            Result = result with { Labels = resultLabels },
            Environment = Field(resultNode, "environment") is { } env
                ? Environment(Object(env, "result.environment", "result.environment must be a mapping with kubernetes_version and nodes."), "result.environment", legacy: true)
                : null,
            Mesh = Field(resultNode, "mesh") is { } mesh ? LegacyMesh(mesh, "result.mesh") : null,
        });
    }

    private static SmpClient Client(JsonNode? node, string path)
    {
        var client = Object(node, path, $"{path} must be a mapping with endpoint_urls, connections and rps.");
        Known(client, path, "PerformanceTestConfig.Client", ClientFields);
        var urls = Array(Field(client, "endpoint_urls"), $"{path}.endpoint_urls", required: true)!;
        if (urls.Count == 0)
            throw new SmpFormatException($"{path}.endpoint_urls", $"{path}.endpoint_urls is empty; list the URLs the test called.");
        var protocol = Protocol(Field(client, "protocol"), $"{path}.protocol");
        return new SmpClient
        {
            Internal = Bool(Field(client, "internal"), $"{path}.internal") ?? false,
            LoadGenerator = String(Field(client, "load_generator"), $"{path}.load_generator"),
            Protocol = protocol,
            Connections = (int?)Integer(Field(client, "connections"), $"{path}.connections", 1, 10_000_000),
            Rps = Integer(Field(client, "rps"), $"{path}.rps", 0, long.MaxValue),
            Headers = StringMap(Field(client, "headers"), $"{path}.headers"),
            Cookies = StringMap(Field(client, "cookies"), $"{path}.cookies"),
            Body = String(Field(client, "body"), $"{path}.body"),
            ContentType = String(Field(client, "content_type"), $"{path}.content_type"),
            EndpointUrls = [.. urls.Select((u, i) => Url(u, $"{path}.endpoint_urls[{i}]", protocol))],
        };
    }

    private static SmpResult Result(JsonObject result, string path, bool legacy)
    {
        Known(result, path, "PerformanceTestResult", legacy ? [.. ResultFields, "environment", "mesh"] : ResultFields);
        var start = Time(Field(result, "start_time"), Join(path, "start_time"));
        var end = Time(Field(result, "end_time"), Join(path, "end_time"));
        if (end < start)
            throw new SmpFormatException(Join(path, "end_time"), $"{Join(path, "end_time")} ({end:O}) is before start_time ({start:O}).");
        return new SmpResult
        {
            Id = String(Field(result, "id"), Join(path, "id")),
            Labels = StringMap(Field(result, "labels"), Join(path, "labels")),
            StartTime = start,
            EndTime = end,
            LatenciesMs = Field(result, "latencies_ms") is { } latencies ? Latencies(latencies, Join(path, "latencies_ms")) : null,
            ActualQps = Number(Field(result, "actual_qps"), Join(path, "actual_qps")),
            DetailsUri = String(Field(result, "details_uri"), Join(path, "details_uri")),
        };
    }

    private static SmpLatencies Latencies(JsonNode node, string path)
    {
        var latencies = Object(node, path, $"{path} must be a mapping of min, average, p50, p90, p99 and max in milliseconds.");
        Known(latencies, path, "PerformanceTestResult.Latency", LatencyFields);
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

    private static SmpEnvironment Environment(JsonObject env, string path, bool legacy)
    {
        Known(env, path, "EnvironmentConfig", legacy ? ["kubernetes_version", "nodes"] : EnvironmentFields);
        var nodes = Array(Field(env, "nodes"), Join(path, "nodes"), required: false) ?? [];
        return new SmpEnvironment
        {
            Id = String(Field(env, "id"), Join(path, "id")),
            KubernetesVersion = String(Field(env, "kubernetes_version"), Join(path, "kubernetes_version")),
            Nodes = [.. nodes.Select((n, i) =>
            {
                var nodePath = Join(path, $"nodes[{i}]");
                var item = Object(n, nodePath, $"{nodePath} must be a mapping with cores and mem_mb.");
                Known(item, nodePath, "EnvironmentConfig.Node", NodeFields);
                return new SmpNode
                {
                    Type = String(Field(item, "type"), $"{nodePath}.type"),
                    Cores = (int?)Integer(Field(item, "cores"), $"{nodePath}.cores", 1, 100_000),
                    MemMb = Integer(Field(item, "mem_mb"), $"{nodePath}.mem_mb", 1, long.MaxValue),
                };
            })],
        };
    }

    private static SmpMesh Mesh(JsonObject mesh, string path)
    {
        Known(mesh, path, "ServiceMeshConfig", MeshFields);
        var labels = StringMap(Field(mesh, "labels"), Join(path, "labels"));
        var typePath = Join(path, "mesh_type");
        var meshType = Field(mesh, "mesh_type") is { } t ? Object(t, typePath, $"{typePath} must be a mapping with type and version.") : new JsonObject();
        Known(meshType, typePath, "ServiceMesh", MeshTypeFields);
        var typeText = String(Field(meshType, "type"), $"{typePath}.type");
        var type = typeText is null ? default((string ProtoName, string Name)?) : SmpMeshTypes.Find(typeText) ?? throw new SmpFormatException($"{typePath}.type",
            $"{typePath}.type '{typeText}' is not an SMP mesh type; use one of {string.Join(", ", SmpMeshTypes.ProtoNames)} (or its number).");
        var name = labels.GetValueOrDefault(SmpWriter.MeshNameLabel) ?? type?.Name ?? throw new SmpFormatException($"{typePath}.type",
            $"{typePath}.type is missing; name the mesh, e.g. ISTIO or LINKERD.");
        return new SmpMesh(name, String(Field(meshType, "version"), $"{typePath}.version"))
        {
            Id = String(Field(mesh, "id"), Join(path, "id")),
            Sidecar = Field(mesh, "sidecar") is { } sidecar ? Usage(sidecar, Join(path, "sidecar"), "ServiceMeshConfig.Sidecar", SidecarFields) : null,
            ControlPlane = Field(mesh, "mesh_control_plane") is { } cp ? Usage(cp, Join(path, "mesh_control_plane"), "ServiceMeshConfig.MeshControlPlane", ControlPlaneFields) : null,
        };
    }

    private static readonly string[] SidecarFields = ["count", "cpu_mcores", "mem_mb", "rps", "bps"];
    private static readonly string[] ControlPlaneFields = ["count", "cpu_mcores", "mem_mb", "endpoints", "services", "sidecars", "virtual_services",
        "destination_rules", "lds_latency_ms", "cds_latency_ms"];

    private static SmpMeshUsage Usage(JsonNode node, string path, string message, string[] fields)
    {
        var usage = Object(node, path, $"{path} must be a mapping with count, cpu_mcores and mem_mb.");
        Known(usage, path, message, fields);
        int Int32(string name) => (int)(Integer(Field(usage, name), Join(path, name), 0, int.MaxValue) ?? 0);
        return new SmpMeshUsage(Int32("count"), Int32("cpu_mcores"), Int32("mem_mb"), Field(usage, "rps") is null ? null : Int32("rps"));
    }

    private static SmpMesh LegacyMesh(JsonNode node, string path)
    {
        var mesh = Object(node, path, $"{path} must be a mapping with name and version.");
        Known(mesh, path, "the earlier export's mesh", ["name", "version"]);
        return new SmpMesh(String(mesh["name"], $"{path}.name", required: true)!, String(mesh["version"], $"{path}.version"));
    }

    /// <summary>protojson refuses a field the message does not have; so does Meshdock, naming the ones it has.</summary>
    private static void Known(JsonObject node, string path, string message, string[] fields)
    {
        foreach (var (key, _) in node)
            if (!fields.Contains(Snake(key)))
                throw new SmpFormatException(Join(path, key),
                    $"{Join(path, key)} is not a field of SMP's {message}; its fields are {string.Join(", ", fields)}.");
    }

    /// <summary>A field by its proto name or its lowerCamelCase JSON name (protojson accepts both).</summary>
    private static JsonNode? Field(JsonObject node, string name) => node[name] ?? node[Camel(name)];

    private static (string Key, string Message, string[] Fields)? MessageOf(string key) =>
        Messages.Where(m => m.Key == Snake(key)).Select(m => ((string, string, string[])?)m).FirstOrDefault();

    /// <summary>The fields that tell this message apart from the others (all but smp_version, id and labels).</summary>
    private static string[] Own(string[] fields) => [.. fields.Except(Shared)];

    private static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

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

    /// <summary>The text of a number, or of a string holding one (protojson's form for 64-bit integers).</summary>
    private static string? NumberText(JsonNode node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.String => v.GetValue<string>(),
            _ => null,
        }
        : null;

    private static double? Number(JsonNode? node, string path)
    {
        if (node is null)
            return null;
        if (NumberText(node) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= 0)
            return number;
        throw new SmpFormatException(path, $"{path} must be a number of zero or more, not {Describe(node)}.");
    }

    private static long? Integer(JsonNode? node, string path, long min, long max)
    {
        if (node is null)
            return null;
        if (NumberText(node) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            if (integer >= min && integer <= max)
                return integer;
            throw new SmpFormatException(path, $"{path} is {integer}; it must be between {min} and {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        }
        throw new SmpFormatException(path, $"{path} must be a whole number, not {Describe(node)}.");
    }

    private static SmpProtocol Protocol(JsonNode? node, string path)
    {
        if (node is null)
            return SmpProtocol.Http;
        var text = NumberText(node) ?? throw new SmpFormatException(path, $"{path} must be a protocol name or number, not {Describe(node)}.");
        return SmpProtocols.Parse(text) ?? throw new SmpFormatException(path,
            $"{path} '{text}' is not an SMP protocol; use PROTOCOL_HTTP (1), PROTOCOL_TCP (2), PROTOCOL_UDP (3) or PROTOCOL_GRPC (4).");
    }

    /// <summary>URLs are http(s); a gRPC client's may also be grpc(s)://, as Meshdock writes its gRPC targets (other
    /// generators write them as http(s)).</summary>
    private static string Url(JsonNode? node, string path, SmpProtocol protocol)
    {
        var text = String(node, path, required: true)!;
        var grpc = protocol == SmpProtocol.Grpc;
        var schemeFits = Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || (grpc && Grpc.GrpcTarget.IsGrpc(uri)));
        if (!schemeFits || uri!.Host.Length == 0)
            throw new SmpFormatException(path, grpc
                ? $"{path} '{text}' is not a grpc(s):// or http(s) URL with a host."
                : $"{path} '{text}' is not an http(s) URL with a host.");
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
