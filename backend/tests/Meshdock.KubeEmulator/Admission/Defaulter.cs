using System.Text;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Admission;

/// <summary>
/// The defaults the API server fills in, for the fields clients read back: replicas and update strategies
/// (<c>kubectl rollout status</c> refuses a DaemonSet without a RollingUpdate strategy), Service cluster IPs and
/// node ports, Secret <c>stringData</c>, a new Namespace's phase, a CRD's Established condition.
/// </summary>
public sealed class Defaulter
{
    private int _nextClusterIp = 10;
    private int _nextNodePort = 30000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _reservedNodePorts = new();

    /// <summary>
    /// The next Services without a fixed node port get these, in order, before the usual 30000 onward: a test that
    /// listens on loopback ports first can then stand in for what "localhost:nodePort" reaches on Docker Desktop.
    /// </summary>
    public void ReserveNodePorts(params int[] ports)
    {
        foreach (var port in ports) _reservedNodePorts.Enqueue(port);
    }

    public void Apply(Api.ResourceType type, JsonObject obj, JsonObject? existing)
    {
        var spec = obj["spec"] as JsonObject;
        switch (type.Kind)
        {
            case "Namespace":
                obj.Labels()["kubernetes.io/metadata.name"] = obj.Name();
                obj.Obj("spec")["finalizers"] ??= new JsonArray("kubernetes");
                obj.Obj("status")["phase"] ??= "Active";
                break;
            case "Pod":
                PodSpec(obj.Obj("spec"));
                var status = obj.Obj("status");
                status["phase"] ??= "Pending";
                status["qosClass"] ??= "BestEffort";
                break;
            case "Deployment" when type.Group == "apps":
                spec = obj.Obj("spec");
                spec["replicas"] ??= 1;
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                var strategy = spec.Obj("strategy");
                strategy["type"] ??= "RollingUpdate";
                if (strategy.Str("type") == "RollingUpdate")
                {
                    var rolling = strategy.Obj("rollingUpdate");
                    rolling["maxUnavailable"] ??= "25%";
                    rolling["maxSurge"] ??= "25%";
                }
                Template(spec);
                break;
            case "ReplicaSet":
                obj.Obj("spec")["replicas"] ??= 1;
                Template(obj.Obj("spec"));
                break;
            case "DaemonSet":
                spec = obj.Obj("spec");
                spec["revisionHistoryLimit"] ??= 10;
                var dsStrategy = spec.Obj("updateStrategy");
                dsStrategy["type"] ??= "RollingUpdate";
                if (dsStrategy.Str("type") == "RollingUpdate")
                {
                    var rolling = dsStrategy.Obj("rollingUpdate");
                    rolling["maxUnavailable"] ??= 1;
                    rolling["maxSurge"] ??= 0;
                }
                Template(spec);
                break;
            case "StatefulSet":
                spec = obj.Obj("spec");
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["revisionHistoryLimit"] ??= 10;
                var stsStrategy = spec.Obj("updateStrategy");
                stsStrategy["type"] ??= "RollingUpdate";
                if (stsStrategy.Str("type") == "RollingUpdate") stsStrategy.Obj("rollingUpdate")["partition"] ??= 0;
                Template(spec);
                break;
            case "Job":
                spec = obj.Obj("spec");
                spec["completions"] ??= 1;
                spec["parallelism"] ??= 1;
                spec["backoffLimit"] ??= 6;
                spec["completionMode"] ??= "NonIndexed";
                spec["suspend"] ??= false;
                if (spec["selector"] is null)
                {
                    spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/job-name"] = obj.Name() } };
                    var template = spec.Obj("template");
                    template.Labels()["batch.kubernetes.io/job-name"] = obj.Name();
                    template.Labels()["job-name"] = obj.Name();
                }
                Template(spec);
                break;
            case "Service":
                Service(obj.Obj("spec"), existing?["spec"] as JsonObject, obj);
                break;
            case "Secret":
                obj["type"] ??= "Opaque";
                if (obj["stringData"] is JsonObject stringData)
                {
                    var data = obj.Obj("data");
                    foreach (var (key, value) in stringData)
                    {
                        data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
                    }
                    obj.Remove("stringData");
                }
                break;
            case "CustomResourceDefinition":
                Crd(obj);
                break;
        }
    }

    private static void Template(JsonObject spec)
    {
        if (spec["template"] is JsonObject template) PodSpec(template.Obj("spec"));
    }

    private static void PodSpec(JsonObject podSpec)
    {
        podSpec["restartPolicy"] ??= "Always";
        podSpec["dnsPolicy"] ??= "ClusterFirst";
        podSpec["schedulerName"] ??= "default-scheduler";
        podSpec["terminationGracePeriodSeconds"] ??= 30;
        podSpec["securityContext"] ??= new JsonObject();
        if (podSpec["serviceAccountName"] is null) podSpec["serviceAccountName"] = podSpec["serviceAccount"]?.DeepClone() ?? "default";
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (podSpec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                var image = container.Str("image") ?? "";
                var lastPart = image[(image.LastIndexOf('/') + 1)..];
                container["imagePullPolicy"] ??= !lastPart.Contains(':') || lastPart.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                container["resources"] ??= new JsonObject();
                if (container["ports"] is JsonArray ports)
                {
                    foreach (var port in ports.OfType<JsonObject>()) port["protocol"] ??= "TCP";
                }
            }
        }
    }

    private void Service(JsonObject spec, JsonObject? existingSpec, JsonObject obj)
    {
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        var type = spec.Str("type");
        if (type != "ExternalName")
        {
            spec["internalTrafficPolicy"] ??= "Cluster";
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
            if (spec["clusterIP"] is null || spec.Str("clusterIP") == "")
            {
                spec["clusterIP"] = existingSpec?["clusterIP"]?.DeepClone() ?? $"10.96.{_nextClusterIp / 250}.{_nextClusterIp++ % 250 + 1}";
            }
            spec["clusterIPs"] ??= new JsonArray(spec["clusterIP"]!.DeepClone());
        }
        var exposed = type is "NodePort" or "LoadBalancer";
        if (exposed) spec["externalTrafficPolicy"] ??= "Cluster";
        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                port["targetPort"] ??= port["port"]?.DeepClone();
                if (exposed && port["nodePort"] is null)
                {
                    var previous = (existingSpec?["ports"] as JsonArray)?.FirstOrDefault(p => p?["port"]?.ToJsonString() == port["port"]?.ToJsonString());
                    port["nodePort"] = previous?["nodePort"]?.DeepClone() ?? (_reservedNodePorts.TryDequeue(out var reserved) ? reserved : _nextNodePort++);
                }
            }
        }
        // Docker Desktop publishes LoadBalancer services on the host's localhost.
        obj["status"] = type == "LoadBalancer"
            ? new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["hostname"] = "localhost", ["ipMode"] = "VIP" }) } }
            : new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    private static void Crd(JsonObject crd)
    {
        var names = crd.At("spec", "names")?.DeepClone() as JsonObject ?? [];
        names["singular"] ??= names.Str("kind")?.ToLowerInvariant();
        names["listKind"] ??= names.Str("kind") + "List";
        crd.Obj("spec").Obj("names")["singular"] ??= names["singular"]?.DeepClone();
        crd.Obj("spec").Obj("names")["listKind"] ??= names["listKind"]?.DeepClone();
        var now = JsonPaths.Now();
        var stored = (crd.At("spec", "versions") as JsonArray)?.Where(v => v.Bool("storage") == true).Select(v => (JsonNode?)JsonValue.Create(v.Str("name"))).ToArray() ?? [];
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found", ["lastTransitionTime"] = now },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted", ["lastTransitionTime"] = now }),
            ["storedVersions"] = new JsonArray(stored),
        };
    }
}
