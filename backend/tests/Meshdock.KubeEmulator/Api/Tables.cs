using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which <c>kubectl get</c>
/// uses for its columns: the columns of the real server for nodes, pods, deployments, services and namespaces;
/// NAME and AGE for everything else.
/// </summary>
public static class Tables
{
    private sealed record Column(string Name, string Type, Func<JsonObject, JsonNode?> Cell, int Priority = 0, string Format = "");

    private static readonly Column NameColumn = new("Name", "string", o => o.Name(), Format: "name");
    private static readonly Column AgeColumn = new("Age", "string", o => Age(o.Str("metadata", "creationTimestamp")));

    public static JsonObject Build(ResourceType type, IEnumerable<JsonObject> items, long resourceVersion, Microsoft.Extensions.Primitives.StringValues includeObject)
    {
        var columns = ColumnsFor(type);
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = new JsonArray(items.Select(item => (JsonNode)new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => c.Cell(item)).ToArray()),
                ["object"] = includeObject == "Object" ? item.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                },
            }).ToArray()),
        };
    }

    private static Column[] ColumnsFor(ResourceType type) => (type.Custom ? "" : type.Kind) switch
    {
        "Pod" =>
        [
            NameColumn,
            new("Ready", "string", o => $"{Containers(o).Count(c => c.Bool("ready") == true)}/{(o.At("spec", "containers") as JsonArray)?.Count ?? 0}"),
            new("Status", "string", o => PodStatus(o)),
            new("Restarts", "string", o => Containers(o).Sum(c => c.Number("restartCount") ?? 0).ToString(CultureInfo.InvariantCulture)),
            AgeColumn,
            new("IP", "string", o => o.Str("status", "podIP") ?? "<none>", 1),
            new("Node", "string", o => o.Str("spec", "nodeName") ?? "<none>", 1),
        ],
        "Node" =>
        [
            NameColumn,
            new("Status", "string", o => Condition(o, "Ready") == "True" ? "Ready" : "NotReady"),
            new("Roles", "string", _ => "control-plane"),
            AgeColumn,
            new("Version", "string", o => o.Str("status", "nodeInfo", "kubeletVersion")),
        ],
        "Deployment" =>
        [
            NameColumn,
            new("Ready", "string", o => $"{o.Number("status", "readyReplicas") ?? 0}/{o.Number("spec", "replicas") ?? 0}"),
            new("Up-to-date", "integer", o => o.Number("status", "updatedReplicas") ?? 0),
            new("Available", "integer", o => o.Number("status", "availableReplicas") ?? 0),
            AgeColumn,
            new("Containers", "string", o => string.Join(",", TemplateContainers(o).Select(c => c.Str("name"))), 1),
            new("Images", "string", o => string.Join(",", TemplateContainers(o).Select(c => c.Str("image"))), 1),
        ],
        "ReplicaSet" =>
        [
            NameColumn,
            new("Desired", "integer", o => o.Number("spec", "replicas") ?? 0),
            new("Current", "integer", o => o.Number("status", "replicas") ?? 0),
            new("Ready", "integer", o => o.Number("status", "readyReplicas") ?? 0),
            AgeColumn,
        ],
        "DaemonSet" =>
        [
            NameColumn,
            new("Desired", "integer", o => o.Number("status", "desiredNumberScheduled") ?? 0),
            new("Current", "integer", o => o.Number("status", "currentNumberScheduled") ?? 0),
            new("Ready", "integer", o => o.Number("status", "numberReady") ?? 0),
            new("Up-to-date", "integer", o => o.Number("status", "updatedNumberScheduled") ?? 0),
            new("Available", "integer", o => o.Number("status", "numberAvailable") ?? 0),
            AgeColumn,
        ],
        "StatefulSet" =>
        [
            NameColumn,
            new("Ready", "string", o => $"{o.Number("status", "readyReplicas") ?? 0}/{o.Number("spec", "replicas") ?? 0}"),
            AgeColumn,
        ],
        "Job" =>
        [
            NameColumn,
            new("Status", "string", o => Condition(o, "Complete") == "True" ? "Complete" : Condition(o, "Failed") == "True" ? "Failed" : "Running"),
            new("Completions", "string", o => $"{o.Number("status", "succeeded") ?? 0}/{o.Number("spec", "completions") ?? 1}"),
            AgeColumn,
        ],
        "Service" =>
        [
            NameColumn,
            new("Type", "string", o => o.Str("spec", "type")),
            new("Cluster-IP", "string", o => o.Str("spec", "clusterIP") ?? "<none>"),
            new("External-IP", "string", o => (o.At("status", "loadBalancer", "ingress") as JsonArray)?.FirstOrDefault() is { } i ? i.Str("hostname") ?? i.Str("ip") : o.Str("spec", "type") == "LoadBalancer" ? "<pending>" : "<none>"),
            new("Port(s)", "string", o => string.Join(",", ((o.At("spec", "ports") as JsonArray) ?? []).Select(p =>
                p.Number("nodePort") is { } np ? $"{p.Number("port")}:{np}/{p.Str("protocol")}" : $"{p.Number("port")}/{p.Str("protocol")}"))),
            AgeColumn,
        ],
        "Event" =>
        [
            new("Last Seen", "string", o => Age(o.Str("lastTimestamp") ?? o.Str("eventTime") ?? o.Str("metadata", "creationTimestamp"))),
            new("Type", "string", o => o.Str("type")),
            new("Reason", "string", o => o.Str("reason")),
            new("Object", "string", o => $"{o.Str("involvedObject", "kind")?.ToLowerInvariant()}/{o.Str("involvedObject", "name")}"),
            new("Message", "string", o => o.Str("message") ?? o.Str("note")),
            NameColumn with { Priority = 1 },
        ],
        "Namespace" => [NameColumn, new("Status", "string", o => o.Str("status", "phase")), AgeColumn],
        "ConfigMap" => [NameColumn, new("Data", "integer", o => (o["data"] as JsonObject)?.Count ?? 0), AgeColumn],
        "Secret" => [NameColumn, new("Type", "string", o => o.Str("type")), new("Data", "integer", o => (o["data"] as JsonObject)?.Count ?? 0), AgeColumn],
        "CustomResourceDefinition" => [NameColumn, new("Created At", "date", o => o.Str("metadata", "creationTimestamp"))],
        _ => [NameColumn, AgeColumn],
    };

    private static IEnumerable<JsonNode?> Containers(JsonObject pod) => (pod.At("status", "containerStatuses") as JsonArray) ?? [];

    private static IEnumerable<JsonNode?> TemplateContainers(JsonObject o) => (o.At("spec", "template", "spec", "containers") as JsonArray) ?? [];

    private static string? Condition(JsonObject o, string type) =>
        ((o.At("status", "conditions") as JsonArray) ?? []).FirstOrDefault(c => c.Str("type") == type).Str("status");

    /// <summary>What the STATUS column of <c>kubectl get pods</c> says: a waiting reason wins over the phase.</summary>
    public static string PodStatus(JsonObject pod)
    {
        if (pod.Str("metadata", "deletionTimestamp") is not null) return "Terminating";
        foreach (var container in Containers(pod))
        {
            if (container.Str("state", "waiting", "reason") is { } waiting) return waiting;
            if (container.Str("state", "terminated", "reason") is { } terminated) return terminated;
        }
        return pod.Str("status", "phase") ?? "Unknown";
    }

    private static string Age(string? timestamp)
    {
        if (!DateTime.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created)) return "<unknown>";
        var age = DateTime.UtcNow - created;
        return age.TotalSeconds < 120 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
            : age.TotalMinutes < 10 ? $"{(int)age.TotalMinutes}m{age.Seconds}s"
            : age.TotalHours < 3 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
