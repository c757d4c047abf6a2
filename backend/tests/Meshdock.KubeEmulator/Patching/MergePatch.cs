using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>
/// JSON merge patch (RFC 7386) and strategic merge patch. The strategic form merges the lists
/// <see cref="ListKeys"/> knows item by item and honours the <c>$patch</c>, <c>$setElementOrder</c>,
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList</c> directives kubectl sends; without a schema,
/// other lists are replaced, as a JSON merge patch would.
/// </summary>
public static class MergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch, bool strategic) =>
        (JsonObject)Merge(target.DeepClone(), patch, strategic)!;

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool strategic)
    {
        if (patch is not JsonObject patchObj) return patch?.DeepClone();
        if (strategic && patchObj["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObj.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        var result = target as JsonObject ?? [];
        var retainKeys = strategic ? patchObj["$retainKeys"] as JsonArray : null;
        foreach (var (key, value) in patchObj)
        {
            if (strategic && key.StartsWith('$'))
            {
                if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
                {
                    var field = key["$deleteFromPrimitiveList/".Length..];
                    if (result[field] is JsonArray list && value is JsonArray remove)
                    {
                        var drop = remove.Select(r => r?.ToJsonString()).ToHashSet();
                        foreach (var item in list.Where(i => drop.Contains(i?.ToJsonString())).ToList()) list.Remove(item);
                    }
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            if (strategic && value is JsonArray incoming && ListKeys.KeyFor(key, result[key] as JsonArray, incoming) is { } mergeKey)
            {
                result[key] = MergeList(result[key] as JsonArray, incoming, mergeKey);
                continue;
            }
            result[key] = Merge(result[key]?.DeepClone(), value, strategic);
        }
        if (retainKeys is not null)
        {
            var keep = retainKeys.Select(k => k?.GetValue<string>()).ToHashSet();
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) result.Remove(key);
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? existing, JsonArray incoming, string key)
    {
        var result = existing is null ? [] : (JsonArray)existing.DeepClone();
        foreach (var item in incoming)
        {
            var id = ListKeys.KeyValue(item, key);
            var match = result.FirstOrDefault(r => ListKeys.KeyValue(r, key) == id);
            if (item?["$patch"]?.GetValue<string>() == "delete")
            {
                if (match is not null) result.Remove(match);
                continue;
            }
            if (match is null) result.Add(Merge(null, item, strategic: true));
            else result[result.IndexOf(match)] = Merge(match.DeepClone(), item, strategic: true);
        }
        return result;
    }
}
