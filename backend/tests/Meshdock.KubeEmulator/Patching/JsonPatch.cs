using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy and test, with JSON pointers (RFC 6901).</summary>
public static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        JsonNode document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw Invalid("an operation has no \"op\"");
            var path = operation["path"]?.GetValue<string>() ?? throw Invalid($"the \"{op}\" operation has no \"path\"");
            switch (op)
            {
                case "add":
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = operation["from"]?.GetValue<string>() ?? throw Invalid("\"move\" needs \"from\"");
                        var value = Find(document, from);
                        Remove(document, from);
                        Add(document, path, value?.DeepClone());
                        break;
                    }
                case "copy":
                    {
                        var from = operation["from"]?.GetValue<string>() ?? throw Invalid("\"copy\" needs \"from\"");
                        Add(document, path, Find(document, from)?.DeepClone());
                        break;
                    }
                case "test":
                    if (!JsonNode.DeepEquals(Find(document, path), operation["value"]))
                    {
                        throw new KubeApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }
                    break;
                default:
                    throw Invalid($"Unexpected kind: {op}");
            }
        }
        return document as JsonObject ?? throw Invalid("the patch replaced the whole object with a non-object");
    }

    private static KubeApiException Invalid(string message) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");

    private static string[] Split(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (!pointer.StartsWith('/')) throw Invalid($"JSON pointer \"{pointer}\" does not start with \"/\"");
        return pointer[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Find(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (var part in Split(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Invalid($"doc is missing path: \"{pointer}\""),
            };
        }
        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string pointer)
    {
        var parts = Split(pointer);
        if (parts.Length == 0) throw Invalid("the root of the object cannot be patched");
        var parent = Find(document, "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        if (parts.Length == 1) parent = document;
        return (parent ?? throw Invalid($"doc is missing path: \"{pointer}\""), parts[^1]);
    }

    private static void Add(JsonNode document, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(document, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Invalid($"doc is missing path: \"{pointer}\"");
        }
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var (parent, last) = Parent(document, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw Invalid($"doc is missing path: \"{pointer}\"");
        }
    }
}
