using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Watch (<c>?watch=1</c>): a chunked stream of <c>{"type":"ADDED|MODIFIED|DELETED|BOOKMARK","object":{...}}</c>
/// lines. Without a resourceVersion (or with "0") it starts with the current objects as ADDED; with one it resumes
/// after it. Selectors apply to both the new and the previous state, so an object that stops matching is DELETED
/// for that watcher, as on a real server. <c>sendInitialEvents=true</c> ends the initial objects with the
/// BOOKMARK that carries the <c>k8s.io/initial-events-end</c> annotation.
/// </summary>
public static class WatchHandler
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public static async Task ServeAsync(HttpContext http, EmulatedCluster cluster, RequestTarget target, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = ResourceReads.Filter(query);
        if (target.Name is not null)
        {
            var byName = filter;
            filter = o => o.Name() == target.Name && byName(o);
        }
        var rvText = query["resourceVersion"].FirstOrDefault();
        var sendInitial = ResourceEndpoints.IsTrue(query["sendInitialEvents"]);
        long? from = null;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw KubeApiException.BadRequest($"invalid resource version: {rvText}");
            }
            from = parsed;
        }
        var startWithList = from is null || sendInitial;
        // `kubectl get -w` asks for Table rows in the watch too, to keep its columns.
        var asTable = ResourceReads.WantsTable(http.Request);
        var includeObject = query["includeObject"];
        JsonObject Render(JsonObject obj) => asTable
            ? Tables.Build(target.Type, [obj], long.TryParse(obj.Str("metadata", "resourceVersion"), CultureInfo.InvariantCulture, out var rv) ? rv : 0, includeObject)
            : ResourceReads.Shape(obj, target);

        List<JsonObject> initial = [];
        long listVersion = 0;
        var subscription = cluster.Store.Atomically(() =>
        {
            if (startWithList) (initial, listVersion) = cluster.Store.List(target.Type, target.Namespace, filter);
            return cluster.Store.Subscribe(target.Type, target.Namespace, startWithList ? listVersion : from);
        });
        using (subscription)
        {
            var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/json";
            await http.Response.StartAsync(ct);
            var body = http.Response.Body;
            try
            {
                foreach (var obj in initial) await WriteAsync(body, "ADDED", Render(obj), deadline.Token);
                if (sendInitial)
                {
                    await WriteAsync(body, "BOOKMARK", Bookmark(target.Type, listVersion, initialEventsEnd: true), deadline.Token);
                }
                await body.FlushAsync(deadline.Token);
                await foreach (var change in subscription.Changes.ReadAllAsync(deadline.Token))
                {
                    var type = EventTypeFor(change, filter);
                    if (type is null) continue;
                    await WriteAsync(body, type, Render(change.Item.CloneObject()), deadline.Token);
                    if (subscription.Changes.Count == 0) await body.FlushAsync(deadline.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The watch timed out or the client went away: end the stream normally.
            }
        }
    }

    private static string? EventTypeFor(StoreChange change, Func<JsonObject, bool> filter)
    {
        var now = filter(change.Item);
        var before = change.Previous is not null && filter(change.Previous);
        return change.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now || before ? "DELETED" : null,
            _ => (before, now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
    }

    private static JsonObject Bookmark(ResourceType type, long resourceVersion, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = meta };
    }

    private static async Task WriteAsync(Stream body, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
    }
}
