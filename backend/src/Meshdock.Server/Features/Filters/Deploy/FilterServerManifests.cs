using System.Text.Json.Nodes;
using k8s.Models;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// The in-cluster filter server: nginx in namespace <c>meshdock</c> serving each deployed module from its own
/// ConfigMap (binaryData) at <c>/&lt;sha256&gt;.wasm</c>. Meshes fetch modules from it over plain HTTP and check them
/// against the sha256 they are pinned to, so a changed file is refused rather than run.
/// </summary>
public static class FilterServerManifests
{
    public const string Namespace = "meshdock";
    public const string Name = "meshdock-filter-server";
    public const string Host = $"{Name}.{Namespace}.svc.cluster.local";

    private const string ModulesVolume = "modules";
    private const string ConfigVolume = "config";

    /// <summary>The ConfigMap holding nginx's server configuration (<see cref="ServerConfig"/>).</summary>
    public const string ConfigName = $"{Name}-config";

    /// <summary>Where the kubelet's readiness and liveness probes ask: the docroot holds only modules, and stock nginx
    /// answers 403 to <c>/</c> without an index file, so the probes get a path of their own.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>
    /// nginx's server block, in place of the image's <c>conf.d/default.conf</c>: a health path for the probes, each
    /// module at <c>/&lt;sha256&gt;.wasm</c> as <c>application/wasm</c>, 404 for anything else (no listing).
    /// </summary>
    public const string ServerConfig = """
        server {
            listen 80;
            root /usr/share/nginx/html;

            location = /healthz {
                access_log off;
                default_type text/plain;
                return 200 "ok\n";
            }

            location ~ "^/[0-9a-f]{64}\.wasm$" {
                default_type application/wasm;
                try_files $uri =404;
            }

            location / {
                return 404;
            }
        }

        """;

    /// <summary>Kubernetes stores an object in etcd whole, and a ConfigMap may hold at most 1 MiB.</summary>
    public const int ConfigMapLimit = 1024 * 1024;

    /// <summary>Room kept for the ConfigMap's metadata and key.</summary>
    private const int Overhead = 4 * 1024;

    /// <summary>The largest module that fits: binaryData is base64, 4 bytes for every 3.</summary>
    public const int MaxModuleBytes = (ConfigMapLimit - Overhead) / 4 * 3;

    public static string? CheckSize(string filterName, long size) => size <= MaxModuleBytes
        ? null
        : $"Filter '{filterName}' is {size / 1024} KiB, but the in-cluster filter server keeps each module in a ConfigMap, "
          + $"which Kubernetes limits to 1 MiB, so modules up to {MaxModuleBytes / 1024} KiB can be deployed. "
          + "Build it smaller (release mode, strip debug information, wasm-opt -Oz) and upload it again.";

    public static string ConfigMapName(string sha256) => $"meshdock-filter-{sha256[..16]}";

    public static string ModuleFile(string sha256) => $"{sha256}.wasm";

    public static string ModuleUrl(string sha256) => $"http://{Host}/{ModuleFile(sha256)}";

    public static JsonObject NamespaceManifest() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = Namespace, ["labels"] = Labels() },
    };

    public static JsonObject ServerConfigMap() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = ConfigName, ["namespace"] = Namespace, ["labels"] = Labels() },
        ["data"] = new JsonObject { ["default.conf"] = ServerConfig },
    };

    public static JsonObject ConfigMap(string filterName, string sha256, ReadOnlySpan<byte> module) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = ConfigMapName(sha256),
            ["namespace"] = Namespace,
            ["labels"] = Labels(new() { ["meshdock.io/filter"] = filterName, ["meshdock.io/module"] = "true" }),
            ["annotations"] = new JsonObject { ["meshdock.io/sha256"] = sha256 },
        },
        ["binaryData"] = new JsonObject { [ModuleFile(sha256)] = Convert.ToBase64String(module) },
    };

    /// <summary>Serves every module in <paramref name="sha256s"/>; a new set rolls the pods so nginx sees the files.</summary>
    public static JsonObject Deployment(IReadOnlyCollection<string> sha256s) => DeploymentServing([.. sha256s.Select(ConfigMapName)]);

    /// <summary>The ConfigMaps a filter server Deployment serves modules from (its projected volume's sources).</summary>
    public static IReadOnlyList<string> ServedConfigMaps(V1Deployment deployment) =>
        [.. deployment.Spec?.Template?.Spec?.Volumes?.FirstOrDefault(v => v.Name == ModulesVolume)?.Projected?.Sources?
            .Select(s => s.ConfigMap?.Name).OfType<string>() ?? []];

    /// <summary>The Deployment serving the modules of <paramref name="configMaps"/> (in name order, so a set gives one manifest).</summary>
    public static JsonObject DeploymentServing(IReadOnlyCollection<string> configMaps) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = Labels() },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Selector() },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = Labels(),
                    // Istio's and Kuma's proxies fetch modules over plain HTTP through a cluster of their own, so the
                    // server stays out of those meshes. Consul's builtin/wasm fetches remote code only from a service
                    // that is an upstream of the proxy, i.e. one in Consul's mesh: there it joins.
                    ["annotations"] = new JsonObject { ["sidecar.istio.io/inject"] = "false", ["kuma.io/sidecar-injection"] = "disabled", ["consul.hashicorp.com/connect-inject"] = "true" },
                },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "nginx",
                        ["image"] = "nginx:1.27-alpine",
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 80 }),
                        ["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = HealthPath, ["port"] = 80 } },
                        ["livenessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = HealthPath, ["port"] = 80 } },
                        ["volumeMounts"] = new JsonArray(
                            new JsonObject { ["name"] = ModulesVolume, ["mountPath"] = "/usr/share/nginx/html", ["readOnly"] = true },
                            new JsonObject { ["name"] = ConfigVolume, ["mountPath"] = "/etc/nginx/conf.d", ["readOnly"] = true }),
                        ["resources"] = new JsonObject
                        {
                            ["requests"] = new JsonObject { ["cpu"] = "10m", ["memory"] = "16Mi" },
                            ["limits"] = new JsonObject { ["memory"] = "64Mi" },
                        },
                    }),
                    ["volumes"] = new JsonArray(
                        new JsonObject
                        {
                            ["name"] = ModulesVolume,
                            ["projected"] = new JsonObject
                            {
                                ["sources"] = new JsonArray([.. configMaps.Order(StringComparer.Ordinal).Select(name => (JsonNode)new JsonObject
                                {
                                    ["configMap"] = new JsonObject { ["name"] = name },
                                })]),
                            },
                        },
                        new JsonObject { ["name"] = ConfigVolume, ["configMap"] = new JsonObject { ["name"] = ConfigName } }),
                },
            },
        },
    };

    public static JsonObject Service() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = Labels() },
        ["spec"] = new JsonObject
        {
            ["selector"] = Selector(),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 80 }),
        },
    };

    private static JsonObject Selector() => new() { ["app.kubernetes.io/name"] = Name };

    private static JsonObject Labels(Dictionary<string, string>? extra = null)
    {
        var labels = new JsonObject { ["app.kubernetes.io/name"] = Name, [ManagedBy.Label] = ManagedBy.Value };
        foreach (var (key, value) in extra ?? [])
        {
            labels[key] = value;
        }

        return labels;
    }
}
