
using Meshdock.Server.Features.Namespaces;

namespace Meshdock.Server.Tests.Features.Namespaces;

/// <summary>Join rules shaped like the catalog's: a label (Istio), an annotation (Linkerd), or both (Open Service Mesh).</summary>
internal sealed class TestMeshRules : IMeshMembershipRules
{
    public static readonly NamespaceJoinRule Istio = new("istio", "Istio",
        new Dictionary<string, string> { ["istio-injection"] = "enabled" }, new Dictionary<string, string>());

    public static readonly NamespaceJoinRule Linkerd = new("linkerd", "Linkerd",
        new Dictionary<string, string>(), new Dictionary<string, string> { ["linkerd.io/inject"] = "enabled" });

    public static readonly NamespaceJoinRule Osm = new("osm", "Open Service Mesh",
        new Dictionary<string, string> { ["openservicemesh.io/monitored-by"] = "osm" },
        new Dictionary<string, string> { ["openservicemesh.io/sidecar-injection"] = "enabled" });

    public IReadOnlyList<NamespaceJoinRule> Rules { get; } = [Istio, Linkerd, Osm];
}
