using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>
/// Field paths in the notation of <c>managedFields[].fieldsV1</c>: <c>f:spec</c> for a field, <c>k:{"name":"app"}</c>
/// for an item of a keyed list, <c>.</c> for the item itself. A path is its elements joined with '\n'.
/// </summary>
public static class FieldPaths
{
    private const char Separator = '\n';

    private static readonly HashSet<string> IdentityMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink"];

    /// <summary>The leaf paths an object (or apply configuration) sets. <paramref name="status"/> picks status or everything else.</summary>
    public static HashSet<string> Of(JsonObject obj, bool status = false)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (key == "status") != status) continue;
            if (key == "metadata" && value is JsonObject meta)
            {
                foreach (var (mk, mv) in meta)
                {
                    if (!IdentityMetadata.Contains(mk)) Collect(mv, $"f:metadata{Separator}f:{mk}", mk, paths);
                }
                continue;
            }
            Collect(value, "f:" + key, key, paths);
        }
        return paths;
    }

    private static void Collect(JsonNode? node, string prefix, string field, HashSet<string> paths)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, value) in obj) Collect(value, $"{prefix}{Separator}f:{key}", key, paths);
                break;
            case JsonArray array when ListKeys.KeyFor(field, null, array) is { } key:
                foreach (var item in array.OfType<JsonObject>())
                {
                    var itemPath = $"{prefix}{Separator}{ItemElement(item, key)}";
                    paths.Add($"{itemPath}{Separator}.");
                    foreach (var (k, v) in item) Collect(v, $"{itemPath}{Separator}f:{k}", k, paths);
                }
                break;
            default:
                paths.Add(prefix);
                break;
        }
    }

    public static string ItemElement(JsonObject item, string key) =>
        "k:" + new JsonObject { [key] = item[key]?.DeepClone() }.ToJsonString();

    public static string[] Elements(string path) => path.Split(Separator);

    public static string Join(IEnumerable<string> elements) => string.Join(Separator, elements);

    /// <summary>The value at a path, or <paramref name="found"/> false when the object does not have it.</summary>
    public static JsonNode? Resolve(JsonNode? root, string path, out bool found)
    {
        var node = root;
        found = false;
        foreach (var element in Elements(path))
        {
            if (element == ".") break;
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(element[2..], out node)) return null;
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal))
            {
                if (node is not JsonArray array || JsonNode.Parse(element[2..]) is not JsonObject key) return null;
                var (k, v) = key.First();
                node = array.FirstOrDefault(i => i is JsonObject o && JsonNode.DeepEquals(o[k], v));
                if (node is null) return null;
            }
            else return null;
        }
        found = true;
        return node;
    }

    /// <summary>Removes what a path names (a field, or with a trailing <c>.</c> a whole list item).</summary>
    public static void Remove(JsonNode root, string path)
    {
        var elements = Elements(path);
        if (elements[^1] == ".") elements = elements[..^1];
        var parent = Resolve(root, Join(elements[..^1]), out var found);
        if (!found) return;
        var last = elements[^1];
        if (last.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject obj)
        {
            obj.Remove(last[2..]);
        }
        else if (last.StartsWith("k:", StringComparison.Ordinal) && parent is JsonArray array)
        {
            var item = Resolve(root, Join(elements), out var itemFound);
            if (itemFound && item is not null) array.Remove(item);
        }
    }

    /// <summary>The <c>fieldsV1</c> tree for a set of paths.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in Elements(path))
            {
                if (node[element] is not JsonObject child)
                {
                    child = [];
                    node[element] = child;
                }
                node = child;
            }
        }
        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonNode? tree)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonObject node, string prefix)
        {
            foreach (var (key, value) in node)
            {
                var path = prefix.Length == 0 ? key : $"{prefix}{Separator}{key}";
                if (value is JsonObject child && child.Count > 0) Walk(child, path);
                else paths.Add(path);
            }
        }
        if (tree is JsonObject obj) Walk(obj, "");
        return paths;
    }
}
