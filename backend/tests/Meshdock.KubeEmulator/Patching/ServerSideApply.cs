using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>): merges an apply configuration into the live object,
/// refuses to change a field another manager owns with a different value unless forced (409 Conflict), removes
/// the fields this manager applied before and no longer applies (when nobody else owns them), and records
/// ownership in <c>managedFields</c>.
/// </summary>
public static class ServerSideApply
{
    public static JsonObject Apply(ResourceType type, JsonObject? live, JsonObject config, string manager, bool force, string? subresource)
    {
        var isStatus = subresource == "status";
        var result = live?.CloneObject() ?? new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject(),
        };
        var fields = ManagedFields.Read(live);
        var applied = FieldPaths.Of(config, isStatus);

        var conflicts = new List<string>();
        var taken = new List<string>();
        foreach (var (other, _, owned) in fields.Others(manager, "Apply", subresource))
        {
            foreach (var path in applied.Where(owned.Contains))
            {
                if (path.EndsWith('.')) continue;
                var mine = FieldPaths.Resolve(config, path, out _);
                var theirs = FieldPaths.Resolve(live, path, out var exists);
                if (!exists || JsonNode.DeepEquals(mine, theirs)) continue;
                if (force) taken.Add(path);
                else conflicts.Add($"conflict with \"{other}\": {Describe(path)}");
            }
        }
        if (conflicts.Count > 0)
        {
            var name = config.Name();
            var details = new JsonObject
            {
                ["name"] = name,
                ["kind"] = type.Plural,
                ["causes"] = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = c }).ToArray()),
            };
            if (type.Group.Length > 0) details["group"] = type.Group;
            var message = conflicts.Count == 1
                ? $"Apply failed with 1 conflict: {conflicts[0]}"
                : $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", conflicts)}";
            throw new KubeApiException(409, "Conflict", message, details);
        }

        // Fields this manager applied before and dropped now go away, unless another manager still owns them.
        var previous = fields.Owned(manager, "Apply", subresource);
        var ownedByOthers = fields.Others(manager, "Apply", subresource).SelectMany(o => o.Fields).ToHashSet(StringComparer.Ordinal);
        foreach (var path in previous.Where(p => !applied.Contains(p)).OrderByDescending(p => p.Length))
        {
            var prefix = path.EndsWith('.') ? path[..^1] : path;
            if (ownedByOthers.Any(o => o.StartsWith(prefix, StringComparison.Ordinal))) continue;
            FieldPaths.Remove(result, path);
        }

        Merge(result, config, isStatus);
        fields.Set(manager, "Apply", subresource, type.ApiVersion, applied);
        fields.Release(taken, manager, "Apply", subresource);
        fields.WriteTo(result);
        return result;
    }

    private static string Describe(string path) =>
        "." + string.Join('.', FieldPaths.Elements(path).Select(e => e.StartsWith("f:", StringComparison.Ordinal) ? e[2..] : $"[{e[2..]}]"));

    private static void Merge(JsonObject target, JsonObject config, bool isStatus)
    {
        foreach (var (key, value) in config)
        {
            if (key == "status" != isStatus && key is not ("apiVersion" or "kind" or "metadata")) continue;
            MergeField(target, key, value);
        }
    }

    private static void MergeField(JsonObject target, string key, JsonNode? value)
    {
        switch (value)
        {
            case null:
                break;
            case JsonObject obj:
                if (target[key] is not JsonObject existing)
                {
                    existing = [];
                    target[key] = existing;
                }
                foreach (var (k, v) in obj) MergeField(existing, k, v);
                break;
            case JsonArray array when ListKeys.KeyFor(key, target[key] as JsonArray, array) is { } listKey:
                if (target[key] is not JsonArray list)
                {
                    list = [];
                    target[key] = list;
                }
                foreach (var item in array.OfType<JsonObject>())
                {
                    var id = ListKeys.KeyValue(item, listKey);
                    if (list.FirstOrDefault(i => ListKeys.KeyValue(i, listKey) == id) is JsonObject match)
                    {
                        foreach (var (k, v) in item) MergeField(match, k, v);
                    }
                    else list.Add(item.DeepClone());
                }
                break;
            default:
                target[key] = value.DeepClone();
                break;
        }
    }
}
