using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Patching;

/// <summary>
/// Field ownership as server-side apply tracks it in <c>metadata.managedFields</c>: one entry per manager and
/// operation (Apply or Update) and subresource, with the set of fields it owns.
/// </summary>
public sealed class ManagedFields
{
    private sealed record Entry(string Manager, string Operation, string? Subresource, string ApiVersion, string Time, HashSet<string> Fields);

    private readonly List<Entry> _entries = [];

    public static ManagedFields Read(JsonObject? obj)
    {
        var result = new ManagedFields();
        if (obj.At("metadata", "managedFields") is JsonArray entries)
        {
            foreach (var e in entries)
            {
                result._entries.Add(new Entry(e.Str("manager") ?? "", e.Str("operation") ?? "Update", e.Str("subresource"),
                    e.Str("apiVersion") ?? "", e.Str("time") ?? JsonPaths.Now(), FieldPaths.FromFieldsV1(e.At("fieldsV1"))));
            }
        }
        return result;
    }

    public void WriteTo(JsonObject obj)
    {
        var entries = _entries.Where(e => e.Fields.Count > 0).Select(e =>
        {
            var node = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.ToFieldsV1(e.Fields),
            };
            if (e.Subresource is not null) node["subresource"] = e.Subresource;
            return (JsonNode)node;
        }).ToArray();
        if (entries.Length > 0) obj.Metadata()["managedFields"] = new JsonArray(entries);
        else obj.Metadata().Remove("managedFields");
    }

    public HashSet<string> Owned(string manager, string operation, string? subresource) =>
        _entries.FirstOrDefault(e => e.Manager == manager && e.Operation == operation && e.Subresource == subresource)?.Fields ?? [];

    /// <summary>Other managers owning a path, with the paths they own.</summary>
    public IEnumerable<(string Manager, string Operation, HashSet<string> Fields)> Others(string manager, string operation, string? subresource) =>
        _entries.Where(e => !(e.Manager == manager && e.Operation == operation && e.Subresource == subresource))
            .Where(e => e.Subresource == subresource)
            .Select(e => (e.Manager, e.Operation, e.Fields));

    public void Set(string manager, string operation, string? subresource, string apiVersion, HashSet<string> fields)
    {
        _entries.RemoveAll(e => e.Manager == manager && e.Operation == operation && e.Subresource == subresource);
        _entries.Add(new Entry(manager, operation, subresource, apiVersion, JsonPaths.Now(), fields));
    }

    /// <summary>Takes paths away from every manager but the one named (after a forced apply or an update).</summary>
    public void Release(IEnumerable<string> paths, string exceptManager, string exceptOperation, string? subresource)
    {
        var taken = paths.ToHashSet(StringComparer.Ordinal);
        foreach (var e in _entries.Where(e => e.Subresource == subresource && !(e.Manager == exceptManager && e.Operation == exceptOperation)))
        {
            e.Fields.ExceptWith(taken);
        }
    }

    /// <summary>Records a non-apply write: the manager now owns what it changed, and nobody else does.</summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string? subresource, ResourceType type)
    {
        var fields = Read(after.At("metadata", "managedFields") is null ? before : after);
        var isStatus = subresource == "status";
        var newPaths = FieldPaths.Of(after, isStatus);
        var changed = newPaths.Where(p =>
        {
            var now = FieldPaths.Resolve(after, p, out _);
            var was = FieldPaths.Resolve(before, p, out var existed);
            return !existed || !JsonNode.DeepEquals(now, was);
        }).ToHashSet(StringComparer.Ordinal);
        // Fields that disappeared are owned by nobody any more.
        var removed = before is null ? [] : FieldPaths.Of(before, isStatus).Where(p => !newPaths.Contains(p)).ToList();
        fields.Release(removed, "", "", subresource);
        fields.Owned(manager, "Update", subresource).ExceptWith(removed);
        if (changed.Count > 0)
        {
            var owned = fields.Owned(manager, "Update", subresource);
            owned.UnionWith(changed);
            fields.Set(manager, "Update", subresource, type.ApiVersion, owned);
            fields.Release(changed, manager, "Update", subresource);
        }
        fields.WriteTo(after);
    }
}
