using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator.Storage;

/// <summary>
/// The emulator's etcd: every object of every resource, one monotonic resourceVersion, and a bounded history of
/// changes so that watches can resume from a resourceVersion without a gap. One lock keeps it simple and
/// consistent; <see cref="Atomically{T}"/> lets a caller read-modify-write under it (the lock is re-entrant).
/// </summary>
public sealed class ObjectStore
{
    private const int HistoryLimit = 100_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<StoreChange> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _resourceVersion = 1000;

    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    public T Atomically<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    public void Atomically(Action action)
    {
        lock (_gate) action();
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private SortedDictionary<string, JsonObject> Table(ResourceType type)
    {
        if (!_objects.TryGetValue(type.StorageKey, out var table))
        {
            table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.StorageKey] = table;
        }
        return table;
    }

    /// <summary>A copy of the stored object, or null.</summary>
    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Table(type).TryGetValue(Key(type.Namespaced ? ns : null, name), out var obj) ? WithVersion(type, obj) : null;
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, Func<JsonObject, bool>? filter = null)
    {
        lock (_gate)
        {
            var items = Table(type).Values
                .Where(o => ns is null || !type.Namespaced || o.Namespace() == ns)
                .Where(o => filter is null || filter(o))
                .Select(o => WithVersion(type, o))
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Every namespace-scoped object in a namespace (for namespace deletion).</summary>
    public List<(ResourceType Type, JsonObject Object)> InNamespace(ResourceCatalog catalog, string ns)
    {
        lock (_gate)
        {
            return catalog.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey)
                .SelectMany(t => Table(t).Values.Where(o => o.Namespace() == ns).Select(o => (t, o.CloneObject())))
                .ToList();
        }
    }

    /// <summary>Every object (any resource) that names <paramref name="ownerUid"/> in its ownerReferences.</summary>
    public List<(ResourceType Type, JsonObject Object)> Dependents(ResourceCatalog catalog, string ownerUid)
    {
        lock (_gate)
        {
            return catalog.All.DistinctBy(t => t.StorageKey)
                .SelectMany(t => Table(t).Values.Where(o => o.OwnerUids().Contains(ownerUid)).Select(o => (t, o.CloneObject())))
                .ToList();
        }
    }

    /// <summary>Stores a new object, stamping uid, creationTimestamp, resourceVersion and generation.</summary>
    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var table = Table(type);
            var name = obj.Name();
            var ns = type.Namespaced ? obj.Namespace() : null;
            if (table.ContainsKey(Key(ns, name))) throw KubeApiException.AlreadyExists(type, name);
            var stored = obj.CloneObject();
            stored["apiVersion"] = type.ApiVersion;
            stored["kind"] = type.Kind;
            var meta = stored.Metadata();
            if (!type.Namespaced) meta.Remove("namespace");
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = JsonPaths.Now();
            meta.Remove("deletionTimestamp");
            if (type.HasGeneration) meta["generation"] = 1;
            else meta.Remove("generation");
            meta["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            table[Key(ns, name)] = stored;
            Publish(new StoreChange(_resourceVersion, "ADDED", type, stored.CloneObject(), null));
            return stored.CloneObject();
        }
    }

    /// <summary>
    /// Replaces a stored object. Identity fields are kept from the stored object; generation moves when anything but
    /// metadata and status changed. Nothing is written (and no event sent) when the object did not change.
    /// </summary>
    public JsonObject Replace(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var table = Table(type);
            var name = obj.Name();
            var ns = type.Namespaced ? obj.Namespace() : null;
            if (!table.TryGetValue(Key(ns, name), out var current)) throw KubeApiException.NotFound(type, name);
            var updated = obj.CloneObject();
            updated["apiVersion"] = type.ApiVersion;
            updated["kind"] = type.Kind;
            var meta = updated.Metadata();
            var currentMeta = current.Metadata();
            foreach (var field in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" })
            {
                if (currentMeta[field] is { } value) meta[field] = value.DeepClone();
                else meta.Remove(field);
            }
            if (!type.Namespaced) meta.Remove("namespace");
            meta["resourceVersion"] = currentMeta["resourceVersion"]?.DeepClone();
            if (JsonNode.DeepEquals(updated, current)) return current.CloneObject();
            if (type.HasGeneration && SpecChanged(current, updated))
            {
                meta["generation"] = (current.Number("metadata", "generation") ?? 0) + 1;
            }
            meta["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            table[Key(ns, name)] = updated;
            Publish(new StoreChange(_resourceVersion, "MODIFIED", type, updated.CloneObject(), current));
            return updated.CloneObject();
        }
    }

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        var keys = before.Select(p => p.Key).Concat(after.Select(p => p.Key))
            .Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind")).Distinct();
        return keys.Any(k => !JsonNode.DeepEquals(before[k], after[k]));
    }

    /// <summary>Sets <c>metadata.deletionTimestamp</c> (and for a namespace the Terminating phase) before a slow delete.</summary>
    public JsonObject? MarkForDeletion(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            if (!Table(type).TryGetValue(Key(type.Namespaced ? ns : null, name), out var current)) return null;
            if (current.Str("metadata", "deletionTimestamp") is not null) return current.CloneObject();
            var updated = current.CloneObject();
            updated.Metadata()["deletionTimestamp"] = JsonPaths.Now();
            if (type.Kind == "Namespace") updated.Obj("status")["phase"] = "Terminating";
            updated.Metadata()["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Table(type)[Key(type.Namespaced ? ns : null, name)] = updated;
            Publish(new StoreChange(_resourceVersion, "MODIFIED", type, updated.CloneObject(), current));
            return updated.CloneObject();
        }
    }

    /// <summary>Removes an object; returns its last state (with the deletion's resourceVersion) or null if absent.</summary>
    public JsonObject? Delete(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            var table = Table(type);
            var key = Key(type.Namespaced ? ns : null, name);
            if (!table.Remove(key, out var current)) return null;
            var last = current.CloneObject();
            last.Metadata()["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Publish(new StoreChange(_resourceVersion, "DELETED", type, last.CloneObject(), current));
            return last;
        }
    }

    /// <summary>
    /// Starts a watch. Changes after <paramref name="fromResourceVersion"/> that are still in the history are queued
    /// first, so list-then-watch has no gap; a resourceVersion older than the history is answered with 410 Gone.
    /// </summary>
    public WatchSubscription Subscribe(ResourceType? type, string? ns, long? fromResourceVersion)
    {
        lock (_gate)
        {
            var subscription = new WatchSubscription(type?.StorageKey, ns, Unsubscribe);
            if (fromResourceVersion is { } from)
            {
                var oldest = _history.First?.Value.ResourceVersion;
                if (oldest is not null && from < oldest - 1 && _history.Count >= HistoryLimit)
                {
                    throw KubeApiException.Gone($"too old resource version: {from} ({oldest - 1})");
                }
                foreach (var change in _history)
                {
                    if (change.ResourceVersion > from && Wants(subscription, change)) subscription.Publish(change);
                }
            }
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
    }

    private static bool Wants(WatchSubscription s, StoreChange change) =>
        (s.StorageKey is null || s.StorageKey == change.Resource.StorageKey)
        && (s.Namespace is null || s.Namespace == change.Item.Namespace());

    private void Publish(StoreChange change)
    {
        _history.AddLast(change);
        if (_history.Count > HistoryLimit) _history.RemoveFirst();
        foreach (var subscription in _subscriptions)
        {
            if (Wants(subscription, change)) subscription.Publish(change);
        }
    }

    private static JsonObject WithVersion(ResourceType type, JsonObject stored)
    {
        var copy = stored.CloneObject();
        copy["apiVersion"] = type.ApiVersion;
        copy["kind"] = type.Kind;
        return copy;
    }
}
