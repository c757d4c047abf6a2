using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// The resource table: the built-in kinds Meshdock, kubectl and Helm charts use, plus whatever the stored
/// CustomResourceDefinitions define (discovery follows CRD creation and deletion).
/// </summary>
public sealed class ResourceCatalog
{
    /// <summary>Where metrics-server registers the metrics API (the emulator reads it to decide whether metrics are served).</summary>
    public static readonly ResourceType ApiServices = new("apiregistration.k8s.io", "v1", "apiservices", "APIService", false, HasStatus: true);

    private static readonly ResourceType[] BuiltIns =
    [
        new("", "v1", "namespaces", "Namespace", false, ["ns"], HasStatus: true),
        new("", "v1", "nodes", "Node", false, ["no"], HasStatus: true),
        new("", "v1", "pods", "Pod", true, ["po"], HasStatus: true, Categories: ["all"]),
        new("", "v1", "services", "Service", true, ["svc"], HasStatus: true, Categories: ["all"]),
        new("", "v1", "configmaps", "ConfigMap", true, ["cm"]),
        new("", "v1", "secrets", "Secret", true),
        new("", "v1", "serviceaccounts", "ServiceAccount", true, ["sa"]),
        new("", "v1", "events", "Event", true, ["ev"]),
        new("", "v1", "endpoints", "Endpoints", true, ["ep"]),
        new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, ["pvc"], HasStatus: true),
        new("", "v1", "persistentvolumes", "PersistentVolume", false, ["pv"], HasStatus: true),
        new("", "v1", "resourcequotas", "ResourceQuota", true, ["quota"], HasStatus: true),
        new("", "v1", "limitranges", "LimitRange", true, ["limits"]),
        new("apps", "v1", "deployments", "Deployment", true, ["deploy"], HasStatus: true, HasScale: true, HasGeneration: true, Categories: ["all"]),
        new("apps", "v1", "replicasets", "ReplicaSet", true, ["rs"], HasStatus: true, HasScale: true, HasGeneration: true, Categories: ["all"]),
        new("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], HasStatus: true, HasGeneration: true, Categories: ["all"]),
        new("apps", "v1", "statefulsets", "StatefulSet", true, ["sts"], HasStatus: true, HasScale: true, HasGeneration: true, Categories: ["all"]),
        new("apps", "v1", "controllerrevisions", "ControllerRevision", true),
        new("batch", "v1", "jobs", "Job", true, HasStatus: true, HasGeneration: true, Categories: ["all"]),
        new("batch", "v1", "cronjobs", "CronJob", true, ["cj"], HasStatus: true, HasGeneration: true, Categories: ["all"]),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ["hpa"], HasStatus: true, Categories: ["all"]),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], HasStatus: true, HasGeneration: true),
        new("networking.k8s.io", "v1", "ingresses", "Ingress", true, ["ing"], HasStatus: true, HasGeneration: true),
        new("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ["netpol"], HasGeneration: true),
        new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
        new("events.k8s.io", "v1", "events", "Event", true, ["ev"]),
        new("coordination.k8s.io", "v1", "leases", "Lease", true),
        new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ["sc"]),
        new("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, ["pc"]),
        new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, HasGeneration: true),
        new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, HasGeneration: true),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], HasStatus: true, HasGeneration: true),
        ApiServices,
    ];

    private static readonly ResourceType[] Metrics =
    [
        new("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", false, Computed: true),
        new("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true, Computed: true),
    ];

    private readonly Func<bool> _metricsRegistered;
    private ImmutableArray<ResourceType> _types;

    /// <param name="metricsRegistered">Whether metrics.k8s.io is registered now (always, or once metrics-server's
    /// APIService exists; Docker Desktop has none by default).</param>
    public ResourceCatalog(Func<bool>? metricsRegistered = null)
    {
        _metricsRegistered = metricsRegistered ?? (() => false);
        _types = [.. BuiltIns];
    }

    public ImmutableArray<ResourceType> All => _metricsRegistered() ? _types.AddRange(Metrics) : _types;

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType Get(string group, string plural) =>
        All.First(t => t.Group == group && t.Plural == plural);

    public bool HasGroupVersion(string group, string version) =>
        All.Any(t => t.Group == group && t.Version == version);

    /// <summary>Groups in discovery order; for each, its versions with the preferred (first) one first.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList()))
            .ToList();

    /// <summary>Replaces the types a CRD defines (its served versions) with what the CRD now says.</summary>
    public void Register(JsonObject crd)
    {
        var group = crd.Str("spec", "group") ?? "";
        var plural = crd.Str("spec", "names", "plural") ?? "";
        var kind = crd.Str("spec", "names", "kind") ?? "";
        var namespaced = crd.Str("spec", "scope") != "Cluster";
        var shortNames = (crd.At("spec", "names", "shortNames") as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToArray();
        var categories = (crd.At("spec", "names", "categories") as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToArray();
        var added = new List<ResourceType>();
        if (crd.At("spec", "versions") is JsonArray versions)
        {
            // The storage version first, so that it is the preferred version in discovery.
            foreach (var v in versions.OrderByDescending(v => v.Bool("storage") == true))
            {
                if (v.Bool("served") == false || v.Str("name") is not { } name) continue;
                added.Add(new ResourceType(group, name, plural, kind, namespaced, shortNames,
                    HasStatus: v.At("subresources", "status") is not null,
                    HasScale: v.At("subresources", "scale") is not null,
                    HasGeneration: true, Categories: categories, Custom: true,
                    Schema: v.At("schema", "openAPIV3Schema")?.DeepClone() as JsonObject));
            }
        }
        ImmutableInterlocked.Update(ref _types, types =>
            types.RemoveAll(t => t.Custom && t.Group == group && t.Plural == plural).AddRange(added));
    }

    public void Unregister(JsonObject crd)
    {
        var group = crd.Str("spec", "group") ?? "";
        var plural = crd.Str("spec", "names", "plural") ?? "";
        ImmutableInterlocked.Update(ref _types, types => types.RemoveAll(t => t.Custom && t.Group == group && t.Plural == plural));
    }
}
