using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// A minimal OpenAPI v3: one document per group version whose PATCH operations carry the
/// <c>x-kubernetes-group-version-kind</c> extension and the <c>fieldValidation</c> query parameter. That is what
/// kubectl checks to decide that the server validates fields itself; without it kubectl falls back to client-side
/// validation with the OpenAPI v2 schema ("failed to download openapi"). v2 is answered 404, which kubectl and
/// Helm tolerate once v3 is there.
/// </summary>
public static class OpenApiEndpoints
{
    public static void MapOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi/v3", (HttpContext http, EmulatedCluster cluster) =>
        {
            var hash = Hash(cluster);
            var paths = new JsonObject { ["api/v1"] = Entry("api/v1", hash) };
            foreach (var (group, versions) in cluster.Catalog.Groups())
            {
                foreach (var version in versions) paths[$"apis/{group}/{version}"] = Entry($"apis/{group}/{version}", hash);
            }
            return DiscoveryEndpoints.Json(http, new JsonObject { ["paths"] = paths });
        });
        app.MapGet("/openapi/v3/api/v1", (HttpContext http, EmulatedCluster cluster) => DiscoveryEndpoints.Json(http, Document(cluster, "", "v1")));
        app.MapGet("/openapi/v3/apis/{group}/{version}", (HttpContext http, EmulatedCluster cluster, string group, string version) =>
            DiscoveryEndpoints.Json(http, Document(cluster, group, version)));
    }

    // The hash changes whenever the resource table does, so clients' caches never serve a stale document.
    private static JsonObject Entry(string path, string hash) => new() { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };

    private static string Hash(EmulatedCluster cluster) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(",", cluster.Catalog.All.Select(t => $"{t.GroupVersion}/{t.Plural}")))))[..16];

    private static JsonObject Document(EmulatedCluster cluster, string group, string version)
    {
        var paths = new JsonObject();
        foreach (var type in cluster.Catalog.All.Where(t => t.Group == group && t.Version == version))
        {
            var prefix = group.Length == 0 ? "/api/v1" : $"/apis/{group}/{version}";
            var path = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(
                        Param("dryRun"), Param("fieldManager"), Param("fieldValidation"), Param("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = cluster.Options.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Param(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };
}
