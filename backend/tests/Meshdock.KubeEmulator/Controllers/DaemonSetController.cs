using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>One pod on the one node, replaced when the template changes; status in the fields <c>kubectl rollout status</c> reads.</summary>
public sealed class DaemonSetController(ControllerContext context)
{
    private const string HashLabel = "controller-revision-hash";

    private ResourceType DaemonSets => context.Type("apps", "daemonsets");

    public void Reconcile(string ns, string name)
    {
        var ds = context.Store.Get(DaemonSets, ns, name);
        if (ds is null || ds.Str("metadata", "deletionTimestamp") is not null) return;
        var template = ds.At("spec", "template") as JsonObject ?? [];
        var hash = ControllerContext.TemplateHash(template);
        var pods = context.ActivePods(ds);
        foreach (var outdated in pods.Where(p => p.Str("metadata", "labels", HashLabel) != hash).ToList())
        {
            context.DeletePod(outdated);
            pods.Remove(outdated);
        }
        if (pods.Count == 0)
        {
            pods.Add(context.CreatePod(ds, template, $"{name}-{ResourceWrites.RandomSuffix()}",
                new Dictionary<string, string> { [HashLabel] = hash, ["pod-template-generation"] = (ds.Number("metadata", "generation") ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                context.Cluster.Options.NodeName));
        }
        var ready = pods.Count(ControllerContext.IsReady);
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = pods.Count,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 1,
            ["numberReady"] = ready,
            ["observedGeneration"] = ds.Number("metadata", "generation") ?? 1,
            ["updatedNumberScheduled"] = pods.Count(p => p.Str("metadata", "labels", HashLabel) == hash),
            ["numberAvailable"] = ready,
        };
        if (ready < 1) status["numberUnavailable"] = 1 - ready;
        context.SetStatus(DaemonSets, ds, status);
    }
}
