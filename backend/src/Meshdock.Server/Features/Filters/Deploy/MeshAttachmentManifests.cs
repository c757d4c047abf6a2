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
            ["envoyExtensions"] = new JsonArray(new JsonObject
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
            }),
        },
    };

    /// <summary>Kuma: a <c>MeshProxyPatch</c> (in the control plane's namespace) that adds a cluster for the filter
    /// server and inserts <c>envoy.filters.http.wasm</c> before the router on the service's inbound listeners.</summary>
    public static JsonObject KumaMeshProxyPatch(AttachmentTarget target, string service, string controlPlaneNamespace = "kuma-system")
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
                ["targetRef"] = new JsonObject
                {
                    ["kind"] = "MeshService",
                    ["name"] = $"{service}_{target.Namespace}_svc",
                },
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
