using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// <c>/version</c>, the health endpoints and the legacy discovery documents (<c>/api</c>, <c>/apis</c>, group and
/// group-version resource lists). Clients that ask for aggregated discovery get these plain documents with
/// <c>application/json</c>, and client-go falls back to reading them.
/// </summary>
public static class DiscoveryEndpoints
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] ReadVerbs = ["get", "list"];

    public static void MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/version", (HttpContext http, EmulatedCluster cluster) =>
        {
            var version = cluster.Options.KubernetesVersion;
            var parts = version.TrimStart('v').Split('.');
            return Json(http, new JsonObject
            {
                ["major"] = parts[0],
                ["minor"] = parts.Length > 1 ? parts[1] : "0",
                ["emulationMajor"] = parts[0],
                ["emulationMinor"] = parts.Length > 1 ? parts[1] : "0",
                ["gitVersion"] = version,
                ["gitCommit"] = "0000000000000000000000000000000000000000",
                ["gitTreeState"] = "clean",
                ["buildDate"] = "2025-01-01T00:00:00Z",
                ["goVersion"] = "go1.23.6",
                ["compiler"] = "gc",
                ["platform"] = "linux/amd64",
            });
        });
        foreach (var probe in new[] { "/healthz", "/readyz", "/livez" })
        {
            app.MapGet(probe, () => Results.Text("ok"));
        }
        app.MapGet("/api", (HttpContext http) => Json(http, new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
            {
                ["clientCIDR"] = "0.0.0.0/0",
                ["serverAddress"] = http.Request.Host.Value,
            }),
        }));
        app.MapGet("/api/v1", (HttpContext http, EmulatedCluster cluster) => Json(http, ResourceList(cluster.Catalog, "", "v1")));
        app.MapGet("/apis", (HttpContext http, EmulatedCluster cluster) => Json(http, new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(cluster.Catalog.Groups().Select(g => (JsonNode)Group(g.Group, g.Versions)).ToArray()),
        }));
        app.MapGet("/apis/{group}", (HttpContext http, EmulatedCluster cluster, string group) =>
        {
            var found = cluster.Catalog.Groups().FirstOrDefault(g => g.Group == group);
            return found.Group is null ? NotFound(http) : Json(http, Group(found.Group, found.Versions));
        });
        app.MapGet("/apis/{group}/{version}", (HttpContext http, EmulatedCluster cluster, string group, string version) =>
            !cluster.Catalog.HasGroupVersion(group, version) ? NotFound(http)
            // The aggregator lists a registered group but cannot describe it while nothing backs it.
            : cluster.Catalog.All.Any(t => t.Group == group && t.Computed) && MetricsAvailability.Of(cluster) != MetricsAvailability.State.Available
                ? http.Response.WriteStatusAsync(MetricsAvailability.Unavailable(), http.RequestAborted)
                : Json(http, ResourceList(cluster.Catalog, group, version)));
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    private static JsonObject ResourceList(ResourceCatalog catalog, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in catalog.All.Where(t => t.Group == group && t.Version == version))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray((type.Computed ? ReadVerbs : AllVerbs).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            };
            if (type.ShortNames is { Length: > 0 } shortNames) entry["shortNames"] = new JsonArray(shortNames.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            if (type.Categories is { Length: > 0 } categories) entry["categories"] = new JsonArray(categories.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            resources.Add(entry);
            if (type.HasStatus) resources.Add(Sub(type, "status", type.Kind, null, ["get", "patch", "update"]));
            if (type.HasScale) resources.Add(Sub(type, "scale", "Scale", "autoscaling", ["get", "patch", "update"]));
            if (type.Kind == "Pod" && !type.Custom) resources.Add(Sub(type, "log", "Pod", null, ["get"]));
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Sub(ResourceType type, string sub, string kind, string? group, string[] verbs)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{type.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        };
        if (group is not null)
        {
            entry["group"] = group;
            entry["version"] = "v1";
        }
        return entry;
    }

    internal static async Task Json(HttpContext http, JsonObject body) =>
        await http.Response.WriteJsonAsync(200, body, http.RequestAborted);

    private static async Task NotFound(HttpContext http) =>
        await http.Response.WriteStatusAsync(RequestTarget.NotFound(), http.RequestAborted);
}
