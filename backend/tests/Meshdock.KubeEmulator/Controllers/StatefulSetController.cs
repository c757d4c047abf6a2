using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// Pods <c>name-0</c> … <c>name-(n-1)</c>, created in order (each after the previous is Ready, unless
/// podManagementPolicy is Parallel) and replaced from the highest ordinal down on a template change; revisions in
/// currentRevision/updateRevision as <c>kubectl rollout status</c> expects.
/// </summary>
public sealed class StatefulSetController(ControllerContext context)
{
    private const string RevisionLabel = "controller-revision-hash";

    private ResourceType StatefulSets => context.Type("apps", "statefulsets");

    public void Reconcile(string ns, string name)
    {
        var sts = context.Store.Get(StatefulSets, ns, name);
        if (sts is null || sts.Str("metadata", "deletionTimestamp") is not null) return;
        var replicas = (int)(sts.Number("spec", "replicas") ?? 1);
        var template = sts.At("spec", "template") as JsonObject ?? [];
        var revision = $"{name}-{ControllerContext.TemplateHash(template)}";
        var parallel = sts.Str("spec", "podManagementPolicy") == "Parallel";
        var owned = context.Owned(context.Pods, sts);
        // A terminating pod still holds its name: its ordinal is recreated once it is gone.
        var terminating = owned.Where(p => p.Str("metadata", "deletionTimestamp") is not null).Select(p => Ordinal(p, name)).ToHashSet();
        var pods = owned.Where(p => p.Str("metadata", "deletionTimestamp") is null).ToDictionary(p => Ordinal(p, name));

        foreach (var (ordinal, pod) in pods.Where(p => p.Key >= replicas || p.Key < 0).ToList())
        {
            context.DeletePod(pod);
            pods.Remove(ordinal);
        }
        for (var i = 0; i < replicas; i++)
        {
            if (pods.ContainsKey(i)) continue;
            if (terminating.Contains(i))
            {
                if (parallel) continue;
                break;
            }
            if (!parallel && Enumerable.Range(0, i).Any(j => !pods.TryGetValue(j, out var p) || !ControllerContext.IsReady(p))) break;
            pods[i] = context.CreatePod(sts, template, $"{name}-{i}", new Dictionary<string, string>
            {
                [RevisionLabel] = revision,
                ["statefulset.kubernetes.io/pod-name"] = $"{name}-{i}",
                ["apps.kubernetes.io/pod-index"] = i.ToString(CultureInfo.InvariantCulture),
            });
        }
        // Rolling update: one outdated pod at a time, highest ordinal first, once all pods are Ready.
        if (pods.Count == replicas && pods.Values.All(ControllerContext.IsReady))
        {
            var outdated = pods.Where(p => p.Value.Str("metadata", "labels", RevisionLabel) != revision).OrderByDescending(p => p.Key).FirstOrDefault();
            if (outdated.Value is not null)
            {
                context.DeletePod(outdated.Value);
                pods.Remove(outdated.Key);
            }
        }

        var updated = pods.Values.Count(p => p.Str("metadata", "labels", RevisionLabel) == revision);
        var ready = pods.Values.Count(ControllerContext.IsReady);
        var currentRevision = updated == replicas && pods.Count == replicas ? revision : sts.Str("status", "currentRevision") ?? revision;
        var status = new JsonObject
        {
            ["observedGeneration"] = sts.Number("metadata", "generation") ?? 1,
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = currentRevision == revision ? updated : pods.Count - updated,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = ready,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
        };
        context.SetStatus(StatefulSets, sts, status);
    }

    private static int Ordinal(JsonObject pod, string setName) =>
        int.TryParse(pod.Name().AsSpan(setName.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1;
}
