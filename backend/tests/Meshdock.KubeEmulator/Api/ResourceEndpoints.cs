using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// The REST surface for every resource in the catalog, generic over the resource table: one handler reads the
/// URL into a <see cref="RequestTarget"/> and dispatches on the verb.
/// </summary>
public static class ResourceEndpoints
{
    public static void MapResources(this IEndpointRouteBuilder app)
    {
        app.Map("/api/v1/{**path}", (HttpContext http, EmulatedCluster cluster, string path) =>
            HandleAsync(http, cluster, "", "v1", path));
        app.Map("/apis/{group}/{version}/{**path}", (HttpContext http, EmulatedCluster cluster, string group, string version, string path) =>
            HandleAsync(http, cluster, group, version, path));
    }

    private static async Task HandleAsync(HttpContext http, EmulatedCluster cluster, string group, string version, string path)
    {
        var ct = http.RequestAborted;
        try
        {
            var target = RequestTarget.Parse(cluster.Catalog, group, version, path);
            var query = http.Request.Query;
            var writes = new ResourceWrites(cluster, target, query, http.Request.Headers.UserAgent.ToString());
            if (target.Type.Computed && (http.Request.Method != "GET" || target.WatchPath || IsTrue(query["watch"])))
            {
                throw KubeApiException.MethodNotAllowed($"{target.Type.QualifiedName} can only be read (get, list)");
            }
            switch (http.Request.Method)
            {
                case "GET" when target.Subresource == "log":
                    await PodLogAsync(http, cluster, target, ct);
                    break;
                case "GET" when target.WatchPath || IsTrue(query["watch"]):
                    await WatchHandler.ServeAsync(http, cluster, target, ct);
                    break;
                case "GET" when target.Name is null:
                    await ResourceReads.ListAsync(http, cluster, target, ct);
                    break;
                case "GET":
                    await ResourceReads.GetAsync(http, cluster, target, ct);
                    break;
                case "POST" when target.Name is null:
                    var (created, dryRun) = writes.Create(await ReadObjectAsync(http, ct));
                    AddWarnings(http, writes);
                    await http.Response.WriteJsonAsync(dryRun ? 200 : 201, ResourceReads.Shape(created, target), ct);
                    break;
                case "PUT" when target.Name is not null:
                    var updated = writes.Update(await ReadObjectAsync(http, ct));
                    AddWarnings(http, writes);
                    await http.Response.WriteJsonAsync(200, ResourceReads.Shape(updated, target), ct);
                    break;
                case "PATCH" when target.Name is not null:
                    var (patched, wasCreated) = writes.Patch(http.Request.ContentType ?? "", await ReadBodyAsync(http, ct));
                    AddWarnings(http, writes);
                    await http.Response.WriteJsonAsync(wasCreated ? 201 : 200, ResourceReads.Shape(patched, target), ct);
                    break;
                case "DELETE" when target.Name is not null:
                    await http.Response.WriteJsonAsync(200, writes.Delete(await ReadOptionalObjectAsync(http, ct)), ct);
                    break;
                case "DELETE":
                    await http.Response.WriteJsonAsync(200, writes.DeleteCollection(), ct);
                    break;
                default:
                    throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
            }
        }
        catch (KubeApiException error) when (!http.Response.HasStarted)
        {
            await http.Response.WriteStatusAsync(error, ct);
        }
    }

    /// <summary>RFC 7234 warn-code 299, the form client-go prints as "Warning: ...".</summary>
    private static void AddWarnings(HttpContext http, ResourceWrites writes)
    {
        foreach (var warning in writes.Warnings)
        {
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    public static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && (value[0] is "1" or "true" or "True");

    private static async Task<string> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http, CancellationToken ct)
    {
        var contentType = http.Request.ContentType ?? "application/json";
        if (ProtobufBodies.IsProtobuf(contentType)) return ProtobufBodies.Decode(await ReadBytesAsync(http, ct));
        if (contentType.Contains("cbor", StringComparison.Ordinal))
        {
            throw new KubeApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got \"{contentType}\")");
        }
        var body = await ReadBodyAsync(http, ct);
        try
        {
            return contentType.Contains("yaml", StringComparison.Ordinal) ? Patching.YamlJson.ParseObject(body) : JsonPaths.ParseObject(body);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw KubeApiException.BadRequest($"the object provided is unrecognized: {e.Message}");
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpContext http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext http, CancellationToken ct)
    {
        if (ProtobufBodies.IsProtobuf(http.Request.ContentType))
        {
            var bytes = await ReadBytesAsync(http, ct);
            return bytes.Length == 0 ? null : ProtobufBodies.Decode(bytes);
        }
        var body = await ReadBodyAsync(http, ct);
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonPaths.ParseObject(body);
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest($"the DeleteOptions provided are unrecognized: {e.Message}");
        }
    }

    private static async Task PodLogAsync(HttpContext http, EmulatedCluster cluster, RequestTarget target, CancellationToken ct)
    {
        var pod = cluster.Store.Get(target.Type, target.Namespace, target.Name!) ?? throw KubeApiException.NotFound(target.Type, target.Name!);
        if (pod.Str("status", "phase") is not ("Running" or "Succeeded" or "Failed"))
        {
            var container = (pod.At("spec", "containers") as JsonArray)?.FirstOrDefault().Str("name");
            throw KubeApiException.BadRequest($"container \"{container}\" in pod \"{pod.Name()}\" is waiting to start: ContainerCreating");
        }
        http.Response.ContentType = "text/plain";
        if (cluster.Logs.Find(pod.Uid()) is { } log)
        {
            // The runner's real output; with follow=true the response stays open until the container ends.
            await http.Response.StartAsync(ct);
            await foreach (var line in log.ReadAsync(IsTrue(http.Request.Query["follow"]), ct))
            {
                await http.Response.WriteAsync(line + "\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
            return;
        }
        await http.Response.WriteAsync($"{pod.Str("status", "startTime")} emulated container of pod {pod.Name()} started\n", ct);
    }
}
