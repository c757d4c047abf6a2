using System.Text;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>What the simulated controllers share: typed access to the store and the writes they all do.</summary>
public sealed class ControllerContext(EmulatedCluster cluster)
{
    public EmulatedCluster Cluster { get; } = cluster;

    public ObjectStore Store => Cluster.Store;

    public ResourceType Pods => Cluster.Type("", "pods");

    public ResourceType Events => Cluster.Type("", "events");

    public ResourceType Type(string group, string plural) => Cluster.Type(group, plural);

    /// <summary>The pods (or other objects) a controller owns.</summary>
    public List<JsonObject> Owned(ResourceType type, JsonObject owner) =>
        Store.List(type, owner.Namespace(), o => o.ControllerUid() == owner.Uid()).Items;

    /// <summary>The owner's pods that are not terminating (what workload controllers count).</summary>
    public List<JsonObject> ActivePods(JsonObject owner) =>
        Owned(Pods, owner).Where(p => p.Str("metadata", "deletionTimestamp") is null).ToList();

    /// <summary>
    /// Writes a status computed from <paramref name="observed"/> onto the stored object, unless a client changed the
    /// object's spec since (its generation moved): then the change's own event reconciles again. Writing the whole
    /// observed copy back instead would undo that client's change.
    /// </summary>
    public void SetStatus(ResourceType type, JsonObject observed, JsonObject status) => Store.Atomically(() =>
    {
        var current = Store.Get(type, observed.Namespace(), observed.Name());
        if (current is null || current.Uid() != observed.Uid()) return;
        if (current.Number("metadata", "generation") != observed.Number("metadata", "generation")) return;
        if (JsonNode.DeepEquals(current["status"], status)) return;
        current["status"] = status;
        Store.Replace(type, current);
    });

    /// <summary>Changes the stored object (not a copy read earlier); returns it, or null when it is gone.</summary>
    public JsonObject? Mutate(ResourceType type, JsonObject observed, Action<JsonObject> change) => Store.Atomically(() =>
    {
        var current = Store.Get(type, observed.Namespace(), observed.Name());
        if (current is null || current.Uid() != observed.Uid()) return null;
        change(current);
        return Store.Replace(type, current);
    });

    /// <summary>Creates a pod from a workload's template, owned by it, as the workload controllers do.</summary>
    public JsonObject CreatePod(JsonObject owner, JsonObject template, string name, IReadOnlyDictionary<string, string>? extraLabels = null, string? nodeName = null)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = owner.Namespace(),
                ["labels"] = template.At("metadata", "labels")?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(JsonPaths.ControllerRef(owner)),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        if (template.At("metadata", "annotations") is JsonObject annotations) pod.Metadata()["annotations"] = annotations.DeepClone();
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>()) pod.Labels()[key] = value;
        if (nodeName is not null) pod.Obj("spec")["nodeName"] = nodeName;
        Cluster.Injection.Apply(Cluster, pod);
        Cluster.Defaulter.Apply(Pods, pod, null);
        return Store.Create(Pods, pod);
    }

    public void DeletePod(JsonObject pod) => Deletion.DeleteWithDependents(Cluster, Pods, pod, orphan: false);

    public static bool IsReady(JsonObject pod) =>
        pod.Str("metadata", "deletionTimestamp") is null
        && ((pod.At("status", "conditions") as JsonArray) ?? []).Any(c => c.Str("type") == "Ready" && c.Str("status") == "True");

    /// <summary>Records a core/v1 Event about an object, as kubelet and controllers do (kubectl describe shows them).</summary>
    public void RecordEvent(JsonObject about, string type, string reason, string message, string component)
    {
        var now = JsonPaths.Now();
        var ev = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{about.Name()}.{Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16].ToLowerInvariant()}",
                ["namespace"] = about.Namespace() ?? "default",
            },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = about.Str("kind"),
                ["namespace"] = about.Namespace(),
                ["name"] = about.Name(),
                ["uid"] = about.Uid(),
                ["apiVersion"] = about.Str("apiVersion"),
                ["resourceVersion"] = about.Str("metadata", "resourceVersion"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = component, ["host"] = Cluster.Options.NodeName },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["reportingComponent"] = component,
            ["reportingInstance"] = Cluster.Options.NodeName,
        };
        Store.Create(Events, ev);
    }

    /// <summary>A short stable hash of a pod template, encoded like Kubernetes' pod-template-hash.</summary>
    public static string TemplateHash(JsonNode? template)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(template?.ToJsonString() ?? ""))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append(Alphabet[(int)(hash % (uint)Alphabet.Length)]);
            hash /= (uint)Alphabet.Length;
            if (hash == 0) hash = 2166136261u ^ (uint)i;
        }
        return text.ToString();
    }

    /// <summary>A condition entry that keeps its timestamps while its status, reason and message stay the same.</summary>
    /// <param name="progressed">Something moved: refresh lastUpdateTime even if the condition reads the same.</param>
    public static JsonObject Condition(JsonNode? previousConditions, string type, string status, string reason, string message, bool withUpdateTime = false, bool progressed = false)
    {
        var previous = (previousConditions as JsonArray)?.FirstOrDefault(c => c.Str("type") == type);
        var now = JsonPaths.Now();
        var same = previous is not null && previous.Str("status") == status && previous.Str("reason") == reason && previous.Str("message") == message;
        var transition = previous is not null && previous.Str("status") == status ? previous.Str("lastTransitionTime") ?? now : now;
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (withUpdateTime) condition["lastUpdateTime"] = same && !progressed ? previous!.Str("lastUpdateTime") ?? now : now;
        condition["lastTransitionTime"] = transition;
        condition["reason"] = reason;
        condition["message"] = message;
        return condition;
    }
}
