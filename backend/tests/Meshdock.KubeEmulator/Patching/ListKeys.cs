using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>
/// Which lists of built-in kinds merge item by item (strategic merge patch's <c>patchMergeKey</c>, server-side
/// apply's <c>listType=map</c>) and on which key. Chosen by field name, and only when every item carries the key,
/// which covers what charts and kubectl send without the OpenAPI schema. Other lists are atomic (replaced whole).
/// </summary>
public static class ListKeys
{
    private static readonly Dictionary<string, string> ByField = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["webhooks"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
    };

    public static string? KeyFor(string field, JsonArray? existing, JsonArray incoming)
    {
        string? key = field == "ports"
            ? incoming.All(i => i is JsonObject o && o.ContainsKey("containerPort")) ? "containerPort" : "port"
            : ByField.GetValueOrDefault(field);
        if (key is null) return null;
        bool HasKey(JsonNode? item) => item is JsonObject o && (o.ContainsKey(key) || o.ContainsKey("$patch"));
        return incoming.All(HasKey) && (existing is null || existing.All(HasKey)) ? key : null;
    }

    public static string KeyValue(JsonNode? item, string key) => item?[key]?.ToJsonString() ?? "null";
}
