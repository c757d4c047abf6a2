using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// A Deployment owns one ReplicaSet per pod template (named by its pod-template-hash). A template change makes a
/// new ReplicaSet; the old ones scale to zero once the new one is fully available. The status moves in the
/// order <c>kubectl rollout status</c> reads it: observedGeneration with the counts of the same pass.
/// </summary>
public sealed class DeploymentController(ControllerContext context)
{
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    private ResourceType Deployments => context.Type("apps", "deployments");

    private ResourceType ReplicaSets => context.Type("apps", "replicasets");

    public void Reconcile(string ns, string name)
    {
        var deployment = context.Store.Get(Deployments, ns, name);
        if (deployment is null || deployment.Str("metadata", "deletionTimestamp") is not null) return;
        var desired = deployment.Number("spec", "replicas") ?? 1;
        var template = deployment.At("spec", "template") as JsonObject ?? [];
        var hash = ControllerContext.TemplateHash(template);
        var sets = context.Owned(ReplicaSets, deployment);
        var current = sets.FirstOrDefault(rs => rs.Str("metadata", "labels", HashLabel) == hash);
        var maxRevision = sets.Select(rs => long.TryParse(rs.Str("metadata", "annotations", RevisionAnnotation), CultureInfo.InvariantCulture, out var r) ? r : 0).DefaultIfEmpty(0).Max();
        var createdNow = false;
        if (current is null)
        {
            current = context.Store.Create(ReplicaSets, NewReplicaSet(deployment, template, hash, desired, maxRevision + 1));
            sets.Add(current);
            createdNow = true;
        }
        else if (current.Number("spec", "replicas") != desired)
        {
            current = context.Mutate(ReplicaSets, current, rs => rs.Obj("spec")["replicas"] = desired) ?? current;
        }
        var revision = current.Str("metadata", "annotations", RevisionAnnotation) ?? "1";
        if (deployment.Str("metadata", "annotations", RevisionAnnotation) != revision)
        {
            context.Mutate(Deployments, deployment, d => d.Metadata().Obj("annotations")[RevisionAnnotation] = revision);
        }

        var currentAvailable = current.Number("status", "availableReplicas") ?? 0;
        if (currentAvailable >= desired)
        {
            foreach (var old in sets.Where(rs => rs.Uid() != current.Uid() && rs.Number("spec", "replicas") != 0).ToList())
            {
                context.Mutate(ReplicaSets, old, rs => rs.Obj("spec")["replicas"] = 0);
            }
        }

        var replicas = sets.Sum(rs => rs.Number("status", "replicas") ?? 0);
        var updated = current.Number("status", "replicas") ?? 0;
        var ready = sets.Sum(rs => rs.Number("status", "readyReplicas") ?? 0);
        var available = sets.Sum(rs => rs.Number("status", "availableReplicas") ?? 0);
        var maxUnavailable = MaxUnavailable(deployment, desired);
        var previous = deployment.At("status", "conditions");
        var complete = updated == desired && replicas == desired && available == desired;
        var rsName = current.Name();
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment.Number("metadata", "generation") ?? 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = available,
        };
        if (desired - available > 0) status["unavailableReplicas"] = desired - available;
        status["conditions"] = new JsonArray(
            available >= desired - maxUnavailable
                ? ControllerContext.Condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", withUpdateTime: true)
                : ControllerContext.Condition(previous, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", withUpdateTime: true),
            Progressing(deployment, previous, complete, createdNow, rsName, updated, available));
        context.SetStatus(Deployments, deployment, status);
    }

    /// <summary>
    /// The Progressing condition. A rollout that makes no progress (no more updated or available pods) for
    /// spec.progressDeadlineSeconds turns False with ProgressDeadlineExceeded, which <c>kubectl rollout status</c>
    /// reports as "exceeded its progress deadline".
    /// </summary>
    private static JsonObject Progressing(JsonObject deployment, JsonNode? previous, bool complete, bool createdNow, string rsName, long updated, long available)
    {
        if (complete)
        {
            return ControllerContext.Condition(previous, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", withUpdateTime: true);
        }
        if (createdNow)
        {
            return ControllerContext.Condition(previous, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{rsName}\"", withUpdateTime: true);
        }
        var progressed = deployment.Number("status", "updatedReplicas") != updated || deployment.Number("status", "availableReplicas") != available;
        var last = (previous as JsonArray)?.FirstOrDefault(c => c.Str("type") == "Progressing");
        var deadline = TimeSpan.FromSeconds(deployment.Number("spec", "progressDeadlineSeconds") ?? 600);
        var stalled = !progressed && last is not null
            && (last.Str("reason") == "ProgressDeadlineExceeded"
                || (DateTime.TryParse(last.Str("lastUpdateTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var since)
                    && DateTime.UtcNow - since > deadline));
        return stalled
            ? ControllerContext.Condition(previous, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", withUpdateTime: true)
            : ControllerContext.Condition(previous, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", withUpdateTime: true, progressed);
    }

    /// <summary>Deployments whose rollout is under way, for the periodic check of their progress deadline.</summary>
    public IEnumerable<JsonObject> Rolling() =>
        context.Store.List(Deployments, null, d =>
            ((d.At("status", "conditions") as JsonArray) ?? []).Any(c => c.Str("type") == "Progressing" && c.Str("status") == "True" && c.Str("reason") != "NewReplicaSetAvailable")).Items;

    private static JsonObject NewReplicaSet(JsonObject deployment, JsonObject template, string hash, long replicas, long revision)
    {
        var podTemplate = template.CloneObject();
        podTemplate.Labels()[HashLabel] = hash;
        var selector = deployment.At("spec", "selector")?.DeepClone() as JsonObject ?? [];
        selector.Obj("matchLabels")[HashLabel] = hash;
        var labels = podTemplate.Labels().CloneObject();
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(JsonPaths.ControllerRef(deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = selector,
                ["template"] = podTemplate,
            },
        };
    }

    /// <summary>spec.strategy.rollingUpdate.maxUnavailable as a pod count (percentages round down).</summary>
    private static long MaxUnavailable(JsonObject deployment, long desired)
    {
        var value = deployment.At("spec", "strategy", "rollingUpdate", "maxUnavailable");
        if (value is null) return deployment.Str("spec", "strategy", "type") == "Recreate" ? desired : 0;
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.EndsWith('%')
            && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var percent))
        {
            return desired * percent / 100;
        }
        return deployment.Number("spec", "strategy", "rollingUpdate", "maxUnavailable") ?? 0;
    }
}
