using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Test-only controls under <c>/emulator/</c>, a path no Kubernetes API uses, for a test driving an emulator that
/// runs as its own process (in-process tests call <see cref="EmulatedCluster"/> directly).
/// </summary>
public static class EmulatorControlEndpoints
{
    public static void MapEmulatorControls(this IEndpointRouteBuilder app)
    {
        // {"namespace": "demo", "podPrefix": "httpbin-", "container": "istio-proxy", "cpu": "12m", "memory": "34Mi"}
        app.MapPut("/emulator/pod-metrics", async (HttpContext http, EmulatedCluster cluster) =>
        {
            var (body, error) = await ReadObjectAsync(http);
            if (error is not null)
            {
                return Results.BadRequest(error);
            }
            string? Field(string name) => body?[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            var (ns, prefix, container, cpu, memory) = (Field("namespace"), Field("podPrefix") ?? "", Field("container"), Field("cpu"), Field("memory"));
            if (ns is null || container is null || cpu is null || memory is null)
            {
                return Results.BadRequest("Give namespace, container, cpu and memory (podPrefix is optional).");
            }
            try
            {
                cluster.PodMetrics.Set(ns, prefix, container, cpu, memory);
            }
            catch (FormatException e)
            {
                return Results.BadRequest(e.Message);
            }
            return Results.NoContent();
        });

        // {"namespace": "shop", "service": "web", "port": 8000, "loopbackPort": 41234}
        app.MapPut("/emulator/service-endpoints", async (HttpContext http, EmulatedCluster cluster) =>
        {
            var (body, error) = await ReadObjectAsync(http);
            if (error is not null)
            {
                return Results.BadRequest(error);
            }
            string? Field(string name) => body?[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            int? Port(string name) => body?[name] is JsonValue v && v.TryGetValue<int>(out var port) && port is > 0 and <= 65535 ? port : null;
            var (ns, service, port, loopback) = (Field("namespace"), Field("service"), Port("port"), Port("loopbackPort"));
            if (ns is null || service is null || port is null || loopback is null)
            {
                return Results.BadRequest("Give namespace, service, port and loopbackPort (ports 1 to 65535).");
            }
            cluster.ServiceEndpoints.Register(ns, service, port.Value, loopback.Value);
            return Results.NoContent();
        });
    }

    /// <summary>The request's JSON object, or why it is not one.</summary>
    private static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, "The body must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, e.Message);
        }
    }
}
