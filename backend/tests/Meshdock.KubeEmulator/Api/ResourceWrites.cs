using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Admission;
using Meshdock.KubeEmulator.Patching;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Create, update, patch (JSON patch, merge patch, strategic merge patch, server-side apply) and delete of one
/// request's target, each as one read-check-write under the store's lock: admission defaults, validation,
/// optimistic concurrency on resourceVersion, the status subresource split, managedFields, dry runs, and the
/// side effects a real control plane has (CRDs change discovery, deletes cascade to dependents and namespaces).
/// </summary>
public sealed class ResourceWrites(EmulatedCluster cluster, RequestTarget target, IQueryCollection query, string userAgent)
{
    private ResourceType Type => target.Type;

    private ObjectStore Store => cluster.Store;

    private bool DryRun => query["dryRun"].Any(v => v == "All");

    /// <summary>Warnings for the response's <c>Warning</c> headers (unknown fields under the default field validation).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The field manager: the query parameter, else the client's name from its User-Agent, as the server derives it.</summary>
    private string Manager => query["fieldManager"].FirstOrDefault() is { Length: > 0 } m ? m : userAgent.Split('/', ' ')[0] is { Length: > 0 } ua ? ua : "unknown";

    public (JsonObject Object, bool DryRun) Create(JsonObject body) => Store.Atomically(() =>
    {
        CheckKind(body);
        var meta = body.Metadata();
        if (Type.Namespaced) AlignNamespace(body);
        if (meta.Str("name") is null && meta.Str("generateName") is { } prefix)
        {
            meta["name"] = prefix + RandomSuffix();
        }
        if (Type.Namespaced) EnsureNamespaceAcceptsContent(body.Namespace()!, body.Name());
        if (Type.HasStatus && Type.Kind is not ("Node" or "Namespace")) body.Remove("status");
        Admit(body, null);
        ManagedFields.RecordUpdate(null, body, Manager, null, Type);
        if (DryRun)
        {
            body.Metadata()["uid"] = Guid.NewGuid().ToString();
            body.Metadata()["creationTimestamp"] = JsonPaths.Now();
            return (body, true);
        }
        var created = Store.Create(Type, body);
        AfterWrite(created);
        return (created, false);
    });

    public JsonObject Update(JsonObject body) => Store.Atomically(() =>
    {
        CheckKind(body);
        var existing = Store.Get(Type, target.Namespace, target.Name!) ?? throw KubeApiException.NotFound(Type, target.Name!);
        if (target.Subresource == "scale") return Rescale(existing, body);
        return Replace(existing, body, recordUpdate: true);
    });

    public (JsonObject Object, bool Created) Patch(string contentType, string body) => Store.Atomically(() =>
    {
        var mediaType = contentType.Split(';')[0].Trim();
        var existing = Store.Get(Type, target.Namespace, target.Name!);
        if (mediaType == "application/apply-patch+yaml")
        {
            return Apply(existing, body);
        }
        if (existing is null) throw KubeApiException.NotFound(Type, target.Name!);
        var basis = target.Subresource == "scale" ? ResourceReads.Shape(existing.CloneObject(), target) : existing;
        JsonObject patched;
        try
        {
            patched = mediaType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(basis, JsonNode.Parse(body) as JsonArray
                    ?? throw KubeApiException.BadRequest("a JSON patch must be an array of operations")),
                "application/merge-patch+json" => MergePatch.Apply(basis, JsonPaths.ParseObject(body), strategic: false),
                "application/strategic-merge-patch+json" when !Type.Custom => MergePatch.Apply(basis, JsonPaths.ParseObject(body), strategic: true),
                _ => throw KubeApiException.UnsupportedMediaType(mediaType),
            };
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest($"error decoding patch: {e.Message}");
        }
        if (target.Subresource == "scale") return (Rescale(existing, patched), false);
        return (Replace(existing, patched, recordUpdate: true), false);
    });

    private (JsonObject, bool) Apply(JsonObject? existing, string body)
    {
        if (query["fieldManager"].FirstOrDefault() is not { Length: > 0 } manager)
        {
            throw KubeApiException.Invalid(new ResourceType("meta.k8s.io", "v1", "patchoptions", "PatchOptions", false), "",
                ("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"));
        }
        JsonObject config;
        try
        {
            config = YamlJson.ParseObject(body);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw KubeApiException.BadRequest($"error decoding YAML: {e.Message}");
        }
        if (config.Str("apiVersion") is null || config.Str("kind") is null)
        {
            throw KubeApiException.BadRequest($"invalid object type: {config.Str("apiVersion")}, Kind={config.Str("kind")}");
        }
        CheckKind(config);
        var name = config.Str("metadata", "name");
        if (name is not null && name != target.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({target.Name})");
        }
        config.Metadata()["name"] = target.Name;
        if (Type.Namespaced) AlignNamespace(config);
        var force = ResourceEndpoints.IsTrue(query["force"]);
        var result = ServerSideApply.Apply(Type, existing, config, manager, force, target.Subresource);
        if (existing is not null) return (Replace(existing, result, recordUpdate: false), false);

        // Apply creates what does not exist yet.
        result.Metadata()["name"] = target.Name;
        if (Type.Namespaced) EnsureNamespaceAcceptsContent(result.Namespace()!, target.Name!);
        Admit(result, null);
        if (DryRun) return (result, true);
        var created = Store.Create(Type, result);
        AfterWrite(created);
        return (created, true);
    }

    private JsonObject Replace(JsonObject existing, JsonObject candidate, bool recordUpdate)
    {
        var meta = candidate.Metadata();
        var name = meta.Str("name");
        if (name is not null && name != target.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({target.Name})");
        }
        meta["name"] = target.Name;
        if (Type.Namespaced) AlignNamespace(candidate);
        var rv = meta.Str("resourceVersion");
        if (!string.IsNullOrEmpty(rv) && rv != existing.Str("metadata", "resourceVersion"))
        {
            throw KubeApiException.Conflict(Type, target.Name!, "the object has been modified; please apply your changes to the latest version and try again");
        }
        if (target.Subresource == "status")
        {
            var withStatus = existing.CloneObject();
            withStatus["status"] = candidate["status"]?.DeepClone();
            if (candidate.At("metadata", "managedFields") is { } fields) withStatus.Metadata()["managedFields"] = fields.DeepClone();
            candidate = withStatus;
        }
        else if (Type.HasStatus)
        {
            candidate["status"] = existing["status"]?.DeepClone();
        }
        Admit(candidate, existing);
        if (recordUpdate) ManagedFields.RecordUpdate(existing, candidate, Manager, target.Subresource, Type);
        if (DryRun) return candidate;
        var stored = Store.Replace(Type, candidate);
        AfterWrite(stored);
        return stored;
    }

    private JsonObject Rescale(JsonObject existing, JsonObject scale)
    {
        var replicas = scale.Number("spec", "replicas") ?? throw KubeApiException.BadRequest("a Scale needs spec.replicas");
        var updated = existing.CloneObject();
        updated.Obj("spec")["replicas"] = replicas;
        var stored = DryRun ? updated : Store.Replace(Type, updated);
        return ResourceReads.Shape(stored, target);
    }

    public JsonObject Delete(JsonObject? options) => Store.Atomically(() =>
    {
        var existing = Store.Get(Type, target.Namespace, target.Name!) ?? throw KubeApiException.NotFound(Type, target.Name!);
        if (options?["preconditions"] is JsonObject pre)
        {
            if (pre.Str("uid") is { } uid && uid != existing.Uid())
            {
                throw KubeApiException.Conflict(Type, target.Name!, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid()}");
            }
            if (pre.Str("resourceVersion") is { } rv && rv != existing.Str("metadata", "resourceVersion"))
            {
                throw KubeApiException.Conflict(Type, target.Name!, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {existing.Str("metadata", "resourceVersion")}");
            }
        }
        if (DryRun || options?["dryRun"] is JsonArray { Count: > 0 }) return existing;
        if (Type.Kind == "Namespace" && !Type.Custom)
        {
            if (target.Name is "default" or "kube-system" or "kube-public")
            {
                throw KubeApiException.Forbidden($"namespaces \"{target.Name}\" is forbidden: this namespace may not be deleted");
            }
            return Namespaces.BeginDelete(cluster, target.Name!) ?? existing;
        }
        var propagation = options.Str("propagationPolicy") ?? query["propagationPolicy"].FirstOrDefault();
        var orphan = propagation == "Orphan" || options.Bool("orphanDependents") == true;
        var immediate = (options.Number("gracePeriodSeconds") ?? (long.TryParse(query["gracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var grace) ? grace : null)) == 0;
        var after = Deletion.DeleteWithDependents(cluster, Type, existing, orphan, immediate, foreground: propagation == "Foreground");
        // A pod that is terminating is answered with its new state, as the real server does; a deleted object with Status.
        // So is an owner waiting for its dependents (foreground deletion).
        return after?.Str("metadata", "deletionTimestamp") is not null ? after : Success(existing);
    });

    public JsonObject DeleteCollection() => Store.Atomically(() =>
    {
        var (items, _) = Store.List(Type, target.Namespace, ResourceReads.Filter(query));
        if (!DryRun)
        {
            foreach (var item in items) Deletion.DeleteWithDependents(cluster, Type, item, orphan: false);
        }
        return new JsonObject
        {
            ["kind"] = Type.ListKind,
            ["apiVersion"] = Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        };
    });

    private JsonObject Success(JsonObject deleted)
    {
        var details = new JsonObject { ["name"] = deleted.Name() };
        if (Type.Group.Length > 0) details["group"] = Type.Group;
        details["kind"] = Type.Plural;
        details["uid"] = deleted.Uid();
        return KubeApiException.StatusBody("Success", 200, null, null, details);
    }

    /// <summary>
    /// What the API server does to every object before storing it: a custom resource is pruned to its CRD's schema
    /// (unknown fields refused under <c>fieldValidation=Strict</c>, as kubectl and helm ask; silently dropped under
    /// <c>Ignore</c>; dropped with a warning otherwise, the server's default), then defaulted, then validated.
    /// </summary>
    private void Admit(JsonObject candidate, JsonObject? existing)
    {
        if (Type.Schema is { } schema)
        {
            var unknown = StructuralSchema.Prune(schema, candidate);
            if (unknown.Count > 0)
            {
                var fields = unknown.Select(u => $"unknown field \"{u}\"").ToList();
                switch (query["fieldValidation"].FirstOrDefault())
                {
                    case "Strict":
                        throw KubeApiException.BadRequest(
                            $"{Type.Kind} in version \"{Type.Version}\" cannot be handled as a {Type.Kind}: strict decoding error: {string.Join(", ", fields)}");
                    case "Ignore":
                        break;
                    default:
                        Warnings.AddRange(fields);
                        break;
                }
            }
            StructuralSchema.ApplyDefaults(schema, candidate);
        }
        cluster.Defaulter.Apply(Type, candidate, existing);
        Validator.Validate(Type, candidate, existing);
    }

    private void AfterWrite(JsonObject stored)
    {
        if (Type.Kind == "CustomResourceDefinition" && !Type.Custom) cluster.Catalog.Register(stored);
    }

    private void CheckKind(JsonObject body)
    {
        if (target.Subresource == "scale") return;
        if (body.Str("apiVersion") is { } apiVersion && apiVersion != Type.ApiVersion
            && !(Type.Custom && cluster.Catalog.Find(Type.Group, apiVersion.Split('/').Last(), Type.Plural) is not null))
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({Type.ApiVersion})");
        }
        if (body.Str("kind") is { } kind && kind != Type.Kind && kind != "Scale")
        {
            throw KubeApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({Type.Kind})");
        }
    }

    private void AlignNamespace(JsonObject body)
    {
        var ns = body.Namespace();
        if (ns is not null && ns != target.Namespace)
        {
            throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        body.Metadata()["namespace"] = target.Namespace;
    }

    private void EnsureNamespaceAcceptsContent(string ns, string name)
    {
        var nsType = cluster.Type("", "namespaces");
        var namespaceObject = Store.Get(nsType, null, ns) ?? throw KubeApiException.NamespaceNotFound(ns);
        if (namespaceObject.Str("status", "phase") == "Terminating")
        {
            throw KubeApiException.Forbidden($"{Type.QualifiedName} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    public static string RandomSuffix(int length = 5)
    {
        // The alphabet Kubernetes uses for generated names: no vowels, no confusable characters.
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        });
    }
}
