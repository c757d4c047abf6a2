using System.Text.Json.Nodes;

namespace Meshdock.Load.Smp;

/// <summary>Maps an <see cref="SmpDocument"/> to the SMP field names; null members are left out.</summary>
internal static class SmpWriter
{
    public static JsonObject Write(SmpDocument document)
    {
        var root = new JsonObject { ["smp_version"] = document.SmpVersion };
        Put(root, "id", document.Id);
        Put(root, "name", document.Name);
        if (document.Labels.Count > 0)
            root["labels"] = Map(document.Labels);
        root["clients"] = new JsonArray([.. document.Clients.Select(Client)]);
        Put(root, "duration", document.Duration);
        if (document.Result is { } result)
            root["result"] = Result(result);
        return root;
    }

    private static JsonObject Client(SmpClient client)
    {
        var node = new JsonObject
        {
            ["internal"] = client.Internal,
        };
        Put(node, "load_generator", client.LoadGenerator);
        node["protocol"] = client.Protocol;
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

    private static JsonObject Result(SmpResult result)
    {
        var node = new JsonObject
        {
            ["start_time"] = Timestamp(result.StartTime),
            ["end_time"] = Timestamp(result.EndTime),
        };
        if (result.LatenciesMs is { } l)
            node["latencies_ms"] = new JsonObject
            {
                ["min"] = Round(l.Min), ["average"] = Round(l.Average), ["p50"] = Round(l.P50),
                ["p90"] = Round(l.P90), ["p99"] = Round(l.P99), ["max"] = Round(l.Max),
            };
        if (result.ActualQps is { } qps)
            node["actual_qps"] = Math.Round(qps, 2);
        Put(node, "details_uri", result.DetailsUri);
        if (result.Environment is { } environment)
        {
            var env = new JsonObject();
            Put(env, "kubernetes_version", environment.KubernetesVersion);
            if (environment.Nodes.Count > 0)
                env["nodes"] = new JsonArray([.. environment.Nodes.Select(Node)]);
            node["environment"] = env;
        }
        if (result.Mesh is { } mesh)
        {
            var meshNode = new JsonObject { ["name"] = mesh.Name };
            Put(meshNode, "version", mesh.Version);
            node["mesh"] = meshNode;
        }
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

    private static JsonObject Map(IReadOnlyDictionary<string, string> values) =>
        new(values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    private static void Put(JsonObject node, string name, string? value)
    {
        if (value is not null)
            node[name] = value;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static double Round(double ms) => Math.Round(ms, 3);
}
