using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator;

/// <summary>What a fresh Docker Desktop cluster has: its system namespaces, the one node, the kubernetes Service.</summary>
public static class ClusterSeed
{
    public static void Populate(EmulatedCluster cluster)
    {
        var options = cluster.Options;
        var namespaces = cluster.Type("", "namespaces");
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } };
            cluster.Defaulter.Apply(namespaces, obj, null);
            cluster.Store.Create(namespaces, obj);
            new Controllers.NamespaceController(new Controllers.ControllerContext(cluster)).Populate(ns);
        }
        if (options.MetricsApi)
        {
            // As if metrics-server were installed: its APIService is what clients check for the metrics API.
            cluster.Store.Create(Api.ResourceCatalog.ApiServices, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = Api.MetricsAvailability.ApiServiceName },
                ["spec"] = new JsonObject
                {
                    ["group"] = "metrics.k8s.io", ["version"] = "v1beta1", ["groupPriorityMinimum"] = 100, ["versionPriority"] = 100,
                    ["insecureSkipTLSVerify"] = true,
                    ["service"] = new JsonObject { ["name"] = "metrics-server", ["namespace"] = "kube-system", ["port"] = 443 },
                },
            });
        }
        var now = Storage.JsonPaths.Now();
        var resources = new JsonObject { ["cpu"] = options.NodeCpu, ["memory"] = options.NodeMemory, ["pods"] = "110", ["ephemeral-storage"] = "61202244Ki" };
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type, ["status"] = status, ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
        };
        cluster.Store.Create(cluster.Type("", "nodes"), new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = options.NodeName,
                ["labels"] = new JsonObject
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = options.NodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["node-role.kubernetes.io/control-plane"] = "",
                    ["node.kubernetes.io/exclude-from-external-load-balancers"] = "",
                },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = "10.1.0.0/24", ["podCIDRs"] = new JsonArray("10.1.0.0/24") },
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources.DeepClone(),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = "192.168.65.3" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = options.NodeName }),
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Docker Desktop",
                    ["kernelVersion"] = "6.10.14-linuxkit",
                    ["containerRuntimeVersion"] = "docker://27.5.1",
                    ["kubeletVersion"] = options.KubernetesVersion,
                    ["kubeProxyVersion"] = options.KubernetesVersion,
                    ["machineID"] = "emulator",
                    ["systemUUID"] = "emulator",
                    ["bootID"] = "emulator",
                },
            },
        });
        var services = cluster.Type("", "services");
        var kubernetes = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "10.96.0.1",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["targetPort"] = 6443 }),
            },
        };
        cluster.Defaulter.Apply(services, kubernetes, null);
        cluster.Store.Create(services, kubernetes);
    }
}
