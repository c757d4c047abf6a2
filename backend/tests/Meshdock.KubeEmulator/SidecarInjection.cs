using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator;

/// <summary>
/// Stands in for a mesh's injection webhook, which the emulator does not call: pods that workload controllers
/// create in a namespace carrying a label get an extra container, as Istio's injector adds <c>istio-proxy</c> to
/// pods of a namespace labelled <c>istio-injection=enabled</c>. Tests set it; nothing is injected by default.
/// </summary>
public sealed class SidecarInjection
{
    private readonly ConcurrentDictionary<(string Key, string Value), (string Container, string Image)> _rules = new();

    public void Inject(string namespaceLabel, string value, string container, string image) => _rules[(namespaceLabel, value)] = (container, image);

    internal void Apply(EmulatedCluster cluster, JsonObject pod)
    {
        if (_rules.IsEmpty || pod.Namespace() is not { } ns) return;
        var labels = cluster.Store.Get(cluster.Type("", "namespaces"), null, ns)?.At("metadata", "labels") as JsonObject;
        if (labels is null) return;
        var containers = pod.Obj("spec")["containers"] as JsonArray ?? [];
        foreach (var ((key, value), (container, image)) in _rules)
        {
            if (labels[key]?.GetValue<string>() == value && containers.All(c => c.Str("name") != container))
            {
                containers.Add(new JsonObject { ["name"] = container, ["image"] = image });
            }
        }
    }
}
