using System.Globalization;
using System.Text.Json.Nodes;

namespace Meshdock.Load.Smp;

/// <summary>
/// Maps an <see cref="SmpDocument"/> to SMP's messages with the protos' field names (as protojson with
/// <c>UseProtoNames</c> writes them): enums by name, timestamps in RFC 3339, null members left out.
/// </summary>
internal static class SmpWriter
{
    public const string ConfigKey = "performance_test_config";
    public const string ResultKey = "performance_test_result";
    public const string EnvironmentKey = "environment_config";
    public const string MeshKey = "service_mesh_config";

    /// <summary>Meshdock's name for the mesh, kept beside SMP's coarser mesh type.</summary>
    public const string MeshNameLabel = SmpExport.LabelPrefix + "mesh";

    /// <summary>The messages in SMP's order (config, result, environment, mesh), each with its key.</summary>
    public static IReadOnlyList<(string Key, JsonObject Message)> Write(SmpDocument document)
    {
        var messages = new List<(string, JsonObject)> { (ConfigKey, Config(document)) };
        if (document.Result is { } result)
            messages.Add((ResultKey, Result(document, result)));
        if (document.Environment is { } environment)
            messages.Add((EnvironmentKey, Environment(document, environment)));
        if (document.Mesh is { } mesh)
            messages.Add((MeshKey, Mesh(document, mesh)));
        return messages;
    }

    /// <summary>The JSON form: one object whose keys name the messages.</summary>
    public static JsonObject WriteObject(SmpDocument document) =>
        new(Write(document).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Message)));

    private static JsonObject Config(SmpDocument document)
    {
        var root = Header(document.SmpVersion, document.Id, document.Labels);
        Put(root, "name", document.Name);
        root["clients"] = new JsonArray([.. document.Clients.Select(Client)]);
        Put(root, "duration", document.Duration);
        return Reorder(root, "smp_version", "id", "name", "labels", "clients", "duration");
    }

    private static JsonObject Client(SmpClient client)
    {
        var node = new JsonObject
        {
            ["internal"] = client.Internal,
        };
        Put(node, "load_generator", client.LoadGenerator);
        node["protocol"] = SmpProtocols.ProtoName(client.Protocol);
        if (client.Connections is { } connections)
            node["connections"] = connections;
        if (client.Rps is { } rps)
            node["rps"] = rps;
        if (client.Headers.Count > 0)
            node["headers"] = Map(client.Headers);
        if (client.Cookies.Count > 0)
            node["cookies"] = Map(client.Cookies);
        Put(node, "body", client.Body);
        Put(node, "content_type", client.ContentType);
        node["endpoint_urls"] = new JsonArray([.. client.EndpointUrls.Select(u => (JsonNode?)u)]);
        return node;
    }

    private static JsonObject Result(SmpDocument document, SmpResult result)
    {
        var node = Header(document.SmpVersion, result.Id, result.Labels);
        node["start_time"] = Timestamp(result.StartTime);
        node["end_time"] = Timestamp(result.EndTime);
        if (result.LatenciesMs is { } l)
            node["latencies_ms"] = new JsonObject
            {
                ["min"] = Round(l.Min), ["average"] = Round(l.Average), ["p50"] = Round(l.P50),
                ["p90"] = Round(l.P90), ["p99"] = Round(l.P99), ["max"] = Round(l.Max),
            };
        if (result.ActualQps is { } qps)
            node["actual_qps"] = Math.Round(qps, 2);
        Put(node, "details_uri", result.DetailsUri);
        Put(node, "test_id", document.Id);
        Put(node, "mesh_config_id", document.Mesh?.Id);
        Put(node, "env_id", document.Environment?.Id);
        return node;
    }

    private static JsonObject Environment(SmpDocument document, SmpEnvironment environment)
    {
        var node = Header(document.SmpVersion, environment.Id, new Dictionary<string, string>());
        Put(node, "kubernetes_version", environment.KubernetesVersion);
        if (environment.Nodes.Count > 0)
            node["nodes"] = new JsonArray([.. environment.Nodes.Select(Node)]);
        return node;
    }

    private static JsonObject Mesh(SmpDocument document, SmpMesh mesh)
    {
        var node = Header(document.SmpVersion, mesh.Id, new Dictionary<string, string> { [MeshNameLabel] = mesh.Name });
        var type = new JsonObject();
        Put(type, "type", SmpMeshTypes.ProtoNameOf(mesh.Name));
        Put(type, "version", mesh.Version);
        if (mesh.Sidecar is { } sidecar)
            node["sidecar"] = Usage(sidecar);
        if (mesh.ControlPlane is { } controlPlane)
            node["mesh_control_plane"] = Usage(controlPlane with { Rps = null });
        node["mesh_type"] = type;
        return node;
    }

    private static JsonObject Usage(SmpMeshUsage usage)
    {
        var node = new JsonObject { ["count"] = usage.Count, ["cpu_mcores"] = usage.CpuMcores, ["mem_mb"] = usage.MemMb };
        if (usage.Rps is { } rps)
            node["rps"] = rps;
        return node;
    }

    private static JsonObject Header(string smpVersion, string? id, IReadOnlyDictionary<string, string> labels)
    {
        var node = new JsonObject { ["smp_version"] = smpVersion };
        Put(node, "id", id);
        if (labels.Count > 0)
            node["labels"] = Map(labels);
        return node;
    }

    private static JsonNode Node(SmpNode node)
    {
        var json = new JsonObject();
        Put(json, "type", node.Type);
        if (node.Cores is { } cores)
            json["cores"] = cores;
        if (node.MemMb is { } mem)
            json["mem_mb"] = mem;
        return json;
    }

    /// <summary>The proto's field order, so files read in the order the spec lists the fields.</summary>
    private static JsonObject Reorder(JsonObject node, params string[] order)
    {
        var pairs = order.Where(node.ContainsKey).Select(k => KeyValuePair.Create(k, node[k]?.DeepClone())).ToList();
        return new JsonObject(pairs);
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> values) =>
        new(values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    private static void Put(JsonObject node, string name, string? value)
    {
        if (value is not null)
            node[name] = value;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static double Round(double ms) => Math.Round(ms, 3);
}
