using System.Text.Json.Nodes;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>
/// What each mesh's control plane does with an attachment that its CRD schema cannot say, taken from the projects'
/// sources, so that a manifest the API server accepts but the mesh would ignore or refuse fails a test.
/// </summary>
internal static class MeshRules
{
    /// <summary>
    /// Kuma's naming of a Kubernetes workload's inbound (kumahq/kuma pkg/plugins/runtime/k8s/controllers
    /// inbound_converter.go, InboundTagsForService): tag <c>kuma.io/service</c> = <c>&lt;service&gt;_&lt;namespace&gt;_svc_&lt;port&gt;</c>;
    /// the Dataplane object carries the pod's labels and <c>k8s.kuma.io/namespace</c>.
    /// </summary>
    public static (string ServiceTag, Dictionary<string, string> Labels) KumaDataplane(string service, string ns, int port, IReadOnlyDictionary<string, string> podLabels) =>
        ($"{service}_{ns}_svc_{port}", new Dictionary<string, string>(podLabels) { ["k8s.kuma.io/namespace"] = ns });

    /// <summary>
    /// The top-level target kinds Kuma's MeshProxyPatch validator accepts (pkg/plugins/policies/meshproxypatch/api/v1alpha1
    /// validator.go): Dataplane arrived in 2.10; the release after 2.14 accepts only Mesh and Dataplane (MeshService was
    /// deprecated from 2.10 on).
    /// </summary>
    public static IReadOnlySet<string> KumaTopLevelKinds(Version kuma) => kuma switch
    {
        { Major: 2, Minor: < 10 } => new HashSet<string> { "Mesh", "MeshSubset", "MeshService", "MeshServiceSubset" },
        { Major: 2, Minor: <= 14 } => new HashSet<string> { "Mesh", "MeshSubset", "MeshService", "MeshServiceSubset", "Dataplane" },
        _ => new HashSet<string> { "Mesh", "Dataplane" },
    };

    /// <summary>Whether a top-level targetRef selects the dataplane, as Kuma matches it.</summary>
    public static bool KumaSelects(JsonNode targetRef, (string ServiceTag, Dictionary<string, string> Labels) dataplane) => (string?)targetRef["kind"] switch
    {
        "Mesh" => true,
        "MeshService" => (string?)targetRef["name"] == dataplane.ServiceTag,
        "Dataplane" => targetRef["labels"] is JsonObject labels && labels.All(l => dataplane.Labels.GetValueOrDefault(l.Key) == (string?)l.Value),
        _ => false,
    };

    /// <summary>
    /// Consul's builtin/wasm (hashicorp/consul agent/envoyextensions/builtin/wasm structs.go) fetches remote code only
    /// through a cluster of the proxy's upstreams: the service named must be in Consul's mesh, i.e. its pods injected.
    /// </summary>
    public static string? ConsulRemoteCodeProblem(JsonNode extension, JsonObject serverDeployment, JsonObject serverService)
    {
        var plugin = extension["arguments"]?["PluginConfig"];
        var service = (string?)plugin?["VmConfig"]?["Code"]?["Remote"]?["HttpURI"]?["Service"]?["Name"];
        if (service != (string?)serverService["metadata"]?["name"])
        {
            return $"the remote code's service '{service}' is not the filter server's Service";
        }
        var inject = (string?)serverDeployment["spec"]?["template"]?["metadata"]?["annotations"]?["consul.hashicorp.com/connect-inject"];
        if (inject != "true")
        {
            return $"the filter server's pods are kept out of Consul's mesh (connect-inject: {inject}), so '{service}' can never be an upstream: \"no upstream found for remote service\"";
        }
        return string.IsNullOrEmpty((string?)plugin?["RootID"]) ? "PluginConfig.RootID is empty; Consul documents it as required" : null;
    }

    /// <summary>Istio ambient ignores <c>selector</c>: Wasm runs in waypoints, reached through <c>targetRefs</c>.</summary>
    public static string? IstioAmbientProblem(JsonNode plugin) =>
        plugin["spec"]?["selector"] is not null ? "ambient mode ignores a WasmPlugin's selector"
        : plugin["spec"]?["targetRefs"] is not JsonArray { Count: > 0 } ? "an ambient WasmPlugin needs targetRefs to reach a waypoint"
        : null;
}
