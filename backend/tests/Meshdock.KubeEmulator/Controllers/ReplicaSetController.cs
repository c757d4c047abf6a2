using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>Keeps spec.replicas pods from the template and reports them in the ReplicaSet's status.</summary>
public sealed class ReplicaSetController(ControllerContext context)
{
    private ResourceType ReplicaSets => context.Type("apps", "replicasets");

    public void Reconcile(string ns, string name)
    {
        var rs = context.Store.Get(ReplicaSets, ns, name);
        if (rs is null || rs.Str("metadata", "deletionTimestamp") is not null) return;
        var pods = context.ActivePods(rs);
        var desired = (int)(rs.Number("spec", "replicas") ?? 1);
        var template = rs.At("spec", "template") as JsonObject ?? [];
        for (var i = pods.Count; i < desired; i++)
        {
            pods.Add(context.CreatePod(rs, template, $"{name}-{ResourceWrites.RandomSuffix()}"));
        }
        // Scale down the least advanced pods first, as the ReplicaSet controller prefers unready ones.
        foreach (var extra in pods.OrderBy(ControllerContext.IsReady).ThenByDescending(p => p.Str("metadata", "creationTimestamp")).Take(Math.Max(0, pods.Count - desired)).ToList())
        {
            context.DeletePod(extra);
            pods.Remove(extra);
        }
        var ready = pods.Count(ControllerContext.IsReady);
        var status = new JsonObject
        {
            ["replicas"] = pods.Count,
            ["fullyLabeledReplicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = rs.Number("metadata", "generation") ?? 1,
        };
        context.SetStatus(ReplicaSets, rs, status);
    }
}
