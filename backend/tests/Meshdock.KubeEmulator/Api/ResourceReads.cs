using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>GET of one object or a list, as JSON or as the server-side Table kubectl asks for.</summary>
public static class ResourceReads
{
    public static async Task GetAsync(HttpContext http, EmulatedCluster cluster, RequestTarget target, CancellationToken ct)
    {
        var obj = (target.Type.Computed
            ? MetricsSource.List(cluster, target.Type, target.Namespace).FirstOrDefault(o => o.Name() == target.Name)
            : cluster.Store.Get(target.Type, target.Namespace, target.Name!)) ?? throw KubeApiException.NotFound(target.Type, target.Name!);
        if (target.Subresource == "scale")
        {
            await http.Response.WriteJsonAsync(200, Scale(obj), ct);
            return;
        }
        if (WantsTable(http.Request))
        {
            await http.Response.WriteJsonAsync(200, Tables.Build(target.Type, [obj], cluster.Store.ResourceVersion, http.Request.Query["includeObject"]), ct);
            return;
        }
        await http.Response.WriteJsonAsync(200, Shape(obj, target), ct);
    }

    public static async Task ListAsync(HttpContext http, EmulatedCluster cluster, RequestTarget target, CancellationToken ct)
    {
        var filter = Filter(http.Request.Query);
        var (items, rv) = target.Type.Computed
            ? (MetricsSource.List(cluster, target.Type, target.Namespace).Where(filter).ToList(), cluster.Store.ResourceVersion)
            : cluster.Store.List(target.Type, target.Namespace, filter);
        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        if (WantsTable(http.Request))
        {
            await http.Response.WriteJsonAsync(200, Tables.Build(target.Type, items, rv, http.Request.Query["includeObject"]), ct);
            return;
        }
        var list = new JsonObject
        {
            ["kind"] = target.Type.ListKind,
            ["apiVersion"] = target.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rvText },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)Shape(i, target)).ToArray()),
        };
        await http.Response.WriteJsonAsync(200, list, ct);
    }

    /// <summary>The label and field selectors of a list or watch request as one predicate.</summary>
    public static Func<JsonObject, bool> Filter(IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        return obj => labels.Matches(obj) && fields.Matches(obj);
    }

    /// <summary>An object as served under the requested group version.</summary>
    public static JsonObject Shape(JsonObject obj, RequestTarget target)
    {
        if (target.Subresource == "scale") return Scale(obj);
        obj["apiVersion"] = target.Type.ApiVersion;
        obj["kind"] = target.Type.Kind;
        return obj;
    }

    private static JsonObject Scale(JsonObject obj) => new()
    {
        ["kind"] = "Scale",
        ["apiVersion"] = "autoscaling/v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = obj.Name(),
            ["namespace"] = obj.Namespace(),
            ["uid"] = obj.Uid(),
            ["resourceVersion"] = obj.Str("metadata", "resourceVersion"),
            ["creationTimestamp"] = obj.Str("metadata", "creationTimestamp"),
        },
        ["spec"] = new JsonObject { ["replicas"] = obj.Number("spec", "replicas") ?? 0 },
        ["status"] = new JsonObject
        {
            ["replicas"] = obj.Number("status", "replicas") ?? 0,
            ["selector"] = string.Join(",", (obj.At("spec", "selector", "matchLabels") as JsonObject ?? []).Select(p => $"{p.Key}={p.Value}")),
        },
    };

    public static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));
}
