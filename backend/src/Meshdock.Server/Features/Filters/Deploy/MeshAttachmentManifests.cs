using System.Text.Json.Nodes;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// The object each Envoy-based mesh reads a proxy-wasm filter from. All three fetch the module from the filter server
/// over HTTP and verify it against the sha256, so what runs is exactly what the registry validated.
/// </summary>
public static class MeshAttachmentManifests
{
    /// <summary>Istio: a <c>WasmPlugin</c> on the selected workloads' sidecars, before Istio's authorization filters,
    /// failing closed (a module that cannot be fetched or started rejects traffic rather than skipping the filter).</summary>
    public static JsonObject IstioWasmPlugin(AttachmentTarget target) => new()
    {
        ["apiVersion"] = "extensions.istio.io/v1alpha1",
        ["kind"] = "WasmPlugin",
        ["metadata"] = Metadata(target.Name, target.Namespace, target),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Labels(target.Selector) },
            ["url"] = target.ModuleUrl,
            ["sha256"] = target.Sha256,
            ["phase"] = "AUTHZ",
            ["pluginName"] = target.EffectiveRootId, // Istio hands pluginName to Envoy as root_id
            ["pluginConfig"] = JsonNode.Parse(target.PluginConfig),
            ["failStrategy"] = "FAIL_CLOSE",
        },
    };

    /// <summary>Istio ambient: ztunnel runs no Wasm and ambient ignores <c>selector</c>, so the plugin attaches with
    /// <c>targetRefs</c> to the service (the selector's <c>app</c> label), whose traffic its waypoint proxy carries.</summary>
    public static JsonObject IstioAmbientWasmPlugin(AttachmentTarget target)
    {
        var plugin = IstioWasmPlugin(target);
        var spec = plugin["spec"]!.AsObject();
        spec.Remove("selector");
        spec["targetRefs"] = new JsonArray(new JsonObject { ["kind"] = "Service", ["group"] = "", ["name"] = target.ServiceName });
        return plugin;
    }

    /// <summary>The waypoint Meshdock deploys for a namespace that has none: a Gateway of class <c>istio-waypoint</c>
    /// for service traffic, which istiod turns into an Envoy Deployment.</summary>
    public static JsonObject IstioWaypoint(string ns) => new()
    {
        ["apiVersion"] = "gateway.networking.k8s.io/v1",
        ["kind"] = "Gateway",
        ["metadata"] = new JsonObject
        {
            ["name"] = WaypointName,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["istio.io/waypoint-for"] = "service", ["app.kubernetes.io/managed-by"] = "meshdock" },
        },
        ["spec"] = new JsonObject
        {
            ["gatewayClassName"] = "istio-waypoint",
            ["listeners"] = new JsonArray(new JsonObject { ["name"] = "mesh", ["port"] = 15008, ["protocol"] = "HBONE" }),
        },
    };

    public const string WaypointName = "waypoint";

    /// <summary>Consul: the service's <c>ServiceDefaults</c> with the <c>builtin/wasm</c> Envoy extension on its
    /// inbound listener, code fetched from the filter server (reached as a Consul upstream service).</summary>
    public static JsonObject ConsulServiceDefaults(AttachmentTarget target, string service) => new()
    {
        ["apiVersion"] = "consul.hashicorp.com/v1alpha1",
        ["kind"] = "ServiceDefaults",
        ["metadata"] = Metadata(service, target.Namespace, target),
        ["spec"] = new JsonObject
        {
            ["protocol"] = "http",
            ["envoyExtensions"] = new JsonArray(ConsulWasmExtension(target)),
        },
    };

    /// <summary>Meshdock's entry in a <c>ServiceDefaults</c>' <c>envoyExtensions</c>; it is told apart from the user's
    /// own entries by its remote code URL, which points at the filter server.</summary>
    public static JsonObject ConsulWasmExtension(AttachmentTarget target) => new()
    {
        ["name"] = "builtin/wasm",
        ["required"] = true,
        ["arguments"] = new JsonObject
        {
            ["Protocol"] = "http",
            ["ListenerType"] = "inbound",
            ["PluginConfig"] = new JsonObject
            {
                ["Name"] = target.FilterName,
                ["RootID"] = target.EffectiveRootId,
                ["Configuration"] = target.PluginConfig,
                ["VmConfig"] = new JsonObject
                {
                    ["Runtime"] = "v8",
                    ["Configuration"] = target.VmConfiguration,
                    ["Code"] = new JsonObject
                    {
                        ["Remote"] = new JsonObject
                        {
                            ["HttpURI"] = new JsonObject
                            {
                                ["Service"] = new JsonObject { ["Name"] = FilterServerManifests.Name },
                                ["URI"] = target.ModuleUrl,
                                ["Timeout"] = "10s",
                            },
                            ["SHA256"] = target.Sha256,
                        },
                    },
                },
            },
        },
    };

    /// <summary>True for an <c>envoyExtensions</c> entry that Meshdock wrote (its code comes from the filter server).</summary>
    public static bool IsMeshdockExtension(JsonNode? extension) =>
        (string?)extension?["name"] == "builtin/wasm"
        && ((string?)extension["arguments"]?["PluginConfig"]?["VmConfig"]?["Code"]?["Remote"]?["HttpURI"]?["URI"])?
            .StartsWith($"http://{FilterServerManifests.Host}/", StringComparison.Ordinal) == true;

    /// <summary>Kuma: a <c>MeshProxyPatch</c> (in the control plane's namespace) that adds a cluster for the filter
    /// server and inserts <c>envoy.filters.http.wasm</c> before the router on the inbound listeners of
    /// <paramref name="targetRef"/>'s proxies (see <see cref="KumaTargetRef"/>).</summary>
    public static JsonObject KumaMeshProxyPatch(AttachmentTarget target, JsonObject targetRef, string controlPlaneNamespace = "kuma-system")
    {
        var cluster = FilterServerManifests.Name;
        var wasmFilter = new JsonObject
        {
            ["name"] = "envoy.filters.http.wasm",
            ["typedConfig"] = new JsonObject
            {
                ["@type"] = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
                ["config"] = new JsonObject
                {
                    ["name"] = target.FilterName,
                    ["rootId"] = target.EffectiveRootId,
                    ["configuration"] = new JsonObject
                    {
                        ["@type"] = "type.googleapis.com/google.protobuf.StringValue",
                        ["value"] = target.PluginConfig,
                    },
                    ["failOpen"] = false,
                    ["vmConfig"] = new JsonObject
                    {
                        ["runtime"] = "envoy.wasm.runtime.v8",
                        ["configuration"] = new JsonObject
                        {
                            ["@type"] = "type.googleapis.com/google.protobuf.StringValue",
                            ["value"] = target.VmConfiguration,
                        },
                        ["code"] = new JsonObject
                        {
                            ["remote"] = new JsonObject
                            {
                                ["httpUri"] = new JsonObject { ["uri"] = target.ModuleUrl, ["cluster"] = cluster, ["timeout"] = "10s" },
                                ["sha256"] = target.Sha256,
                            },
                        },
                    },
                },
            },
        };
        var clusterValue = new JsonObject
        {
            ["name"] = cluster,
            ["type"] = "STRICT_DNS",
            ["connectTimeout"] = "5s",
            ["loadAssignment"] = new JsonObject
            {
                ["clusterName"] = cluster,
                ["endpoints"] = new JsonArray(new JsonObject
                {
                    ["lbEndpoints"] = new JsonArray(new JsonObject
                    {
                        ["endpoint"] = new JsonObject
                        {
                            ["address"] = new JsonObject
                            {
                                ["socketAddress"] = new JsonObject { ["address"] = FilterServerManifests.Host, ["portValue"] = 80 },
                            },
                        },
                    }),
                }),
            },
        };

        return new JsonObject
        {
            ["apiVersion"] = "kuma.io/v1alpha1",
            ["kind"] = "MeshProxyPatch",
            ["metadata"] = Metadata(target.Name, controlPlaneNamespace, target, new() { ["kuma.io/mesh"] = "default" }),
            ["spec"] = new JsonObject
            {
                ["targetRef"] = targetRef,
                ["default"] = new JsonObject
                {
                    ["appendModifications"] = new JsonArray(
                        new JsonObject { ["cluster"] = new JsonObject { ["operation"] = "Add", ["value"] = Yaml(clusterValue) } },
                        new JsonObject
                        {
                            ["httpFilter"] = new JsonObject
                            {
                                ["operation"] = "AddBefore",
                                ["match"] = new JsonObject
                                {
                                    ["name"] = "envoy.filters.http.router",
                                    ["origin"] = "inbound",
                                },
                                ["value"] = Yaml(wasmFilter),
                            },
                        }),
                },
            },
        };
    }

    /// <summary>
    /// What a Kuma policy's top-level <c>targetRef</c> may name depends on the release: from 2.10 a <c>Dataplane</c>
    /// selected by labels (its pod's labels and <c>k8s.kuma.io/namespace</c>), the only form besides <c>Mesh</c> that
    /// Kuma's newer releases accept; before that a <c>MeshService</c> named by the inbound's <c>kuma.io/service</c>
    /// tag, which Kuma derives as <c>&lt;service&gt;_&lt;namespace&gt;_svc_&lt;port&gt;</c>.
    /// </summary>
    /// <param name="kumaVersion">The installed Kuma's version; null when unknown (the current form is used).</param>
    /// <param name="servicePort">The Kubernetes Service's port, needed for the older form.</param>
    public static JsonObject KumaTargetRef(AttachmentTarget target, string? kumaVersion, int? servicePort)
    {
        if (KumaUsesDataplaneTargets(kumaVersion))
        {
            var labels = Labels(target.Selector);
            labels["k8s.kuma.io/namespace"] = target.Namespace;
            return new JsonObject { ["kind"] = "Dataplane", ["labels"] = labels };
        }
        return new JsonObject
        {
            ["kind"] = "MeshService",
            ["name"] = $"{target.ServiceName}_{target.Namespace}_svc_{servicePort ?? throw new ArgumentNullException(nameof(servicePort))}",
        };
    }

    /// <summary>Kuma 2.10 added <c>Dataplane</c> targets (and deprecated <c>MeshService</c> at the top level).</summary>
    public static bool KumaUsesDataplaneTargets(string? kumaVersion) =>
        kumaVersion is null || !Version.TryParse(kumaVersion.TrimStart('v').Split('-')[0], out var version) || version >= new Version(2, 10);

    private static JsonObject Metadata(string name, string ns, AttachmentTarget target, Dictionary<string, string>? extraLabels = null)
    {
        var labels = new JsonObject
        {
            [ManagedBy.Label] = ManagedBy.Value,
            ["meshdock.io/filter"] = target.FilterName,
        };
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value;
        }

        return new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = labels,
            ["annotations"] = new JsonObject { ["meshdock.io/sha256"] = target.Sha256 },
        };
    }

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels)
    {
        var json = new JsonObject();
        foreach (var (key, value) in labels)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>Kuma takes Envoy resources as YAML text; JSON is YAML, so the JSON text is a valid value.</summary>
    private static string Yaml(JsonObject value) => value.ToJsonString();
}
