using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Admission;

/// <summary>
/// The validation that answers 422 Invalid with field causes, for the mistakes a chart or a client makes most:
/// bad names and labels, workloads whose selector does not match their template, containers without an image,
/// changing an immutable selector, CRDs whose name is not plural.group, webhook configurations the API server refuses.
/// </summary>
public static partial class Validator
{
    private static readonly HashSet<string> LabelNamedKinds = ["Namespace", "Service"];

    public static void Validate(ResourceType type, JsonObject obj, JsonObject? existing)
    {
        var causes = new List<(string, string, string)>();
        var name = obj.Name();
        if (name.Length == 0)
        {
            causes.Add(("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
        }
        else if (!NameIsValid(type, name))
        {
            var rule = IsLabelNamed(type)
                ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
            causes.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": {rule}"));
        }
        foreach (var (key, value) in obj.LabelMap())
        {
            if (value.Length > 63 || !LabelValue().IsMatch(value))
            {
                causes.Add(($"metadata.labels", "FieldValueInvalid", $"Invalid value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label \"{key}\")"));
            }
        }
        if (type.Custom && type.Schema is { } schema)
        {
            causes.AddRange(StructuralSchema.Validate(schema, obj));
        }
        if (!type.Custom)
        {
            switch (type.Kind)
            {
                case "Deployment" or "ReplicaSet" or "DaemonSet" or "StatefulSet":
                    Workload(obj, existing, causes);
                    break;
                case "Job":
                    Containers(obj.At("spec", "template", "spec"), "spec.template.spec", causes);
                    var restart = obj.Str("spec", "template", "spec", "restartPolicy");
                    if (restart is not ("Never" or "OnFailure"))
                    {
                        causes.Add(("spec.template.spec.restartPolicy", "FieldValueNotSupported", $"Unsupported value: \"{restart}\": supported values: \"OnFailure\", \"Never\""));
                    }
                    break;
                case "Pod":
                    Containers(obj["spec"], "spec", causes);
                    break;
                case "Service":
                    if (obj.At("spec", "ports") is JsonArray ports)
                    {
                        for (var i = 0; i < ports.Count; i++)
                        {
                            var port = ports[i].Number("port");
                            if (port is null or < 1 or > 65535)
                            {
                                causes.Add(($"spec.ports[{i}].port", "FieldValueInvalid", $"Invalid value: {port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"}: must be between 1 and 65535, inclusive"));
                            }
                        }
                    }
                    break;
                case "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration":
                    WebhookValidation.Validate(obj, existing, type.Kind == "MutatingWebhookConfiguration", causes);
                    break;
                case "CustomResourceDefinition":
                    var expected = $"{obj.Str("spec", "names", "plural")}.{obj.Str("spec", "group")}";
                    if (name != expected)
                    {
                        causes.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
                    }
                    if (obj.At("spec", "versions") is not JsonArray { Count: > 0 })
                    {
                        causes.Add(("spec.versions", "FieldValueInvalid", "Invalid value: null: must have exactly one version marked as storage version"));
                    }
                    break;
            }
        }
        if (causes.Count > 0) throw KubeApiException.Invalid(type, name, [.. causes]);
    }

    private static void Workload(JsonObject obj, JsonObject? existing, List<(string, string, string)> causes)
    {
        var selector = obj.At("spec", "selector");
        var templateLabels = obj.At("spec", "template", "metadata", "labels") as JsonObject;
        if (selector is not JsonObject { Count: > 0 })
        {
            causes.Add(("spec.selector", "FieldValueRequired", "Required value"));
        }
        else if (!LabelSelector.FromSpec(selector).Matches(obj.At("spec", "template")))
        {
            var labels = templateLabels is null ? "map[string]string(nil)" : "map[string]string{" + string.Join(", ", templateLabels.Select(p => $"\"{p.Key}\":{p.Value?.ToJsonString()}")) + "}";
            causes.Add(("spec.template.metadata.labels", "FieldValueInvalid", $"Invalid value: {labels}: `selector` does not match template `labels`"));
        }
        if (existing is not null && !JsonNode.DeepEquals(existing.At("spec", "selector"), selector))
        {
            causes.Add(("spec.selector", "FieldValueInvalid", $"Invalid value: {selector?.ToJsonString()}: field is immutable"));
        }
        Containers(obj.At("spec", "template", "spec"), "spec.template.spec", causes);
    }

    private static void Containers(JsonNode? podSpec, string at, List<(string, string, string)> causes)
    {
        if (podSpec?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            causes.Add(($"{at}.containers", "FieldValueRequired", "Required value"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(containers[i].Str("name"))) causes.Add(($"{at}.containers[{i}].name", "FieldValueRequired", "Required value"));
            if (string.IsNullOrEmpty(containers[i].Str("image"))) causes.Add(($"{at}.containers[{i}].image", "FieldValueRequired", "Required value"));
        }
    }

    private static bool IsLabelNamed(ResourceType type) => !type.Custom && LabelNamedKinds.Contains(type.Kind);

    // RBAC and a few other kinds allow any path segment (e.g. "system:controller:x"); only '/' and '%' are refused.
    private static bool NameIsValid(ResourceType type, string name) =>
        IsLabelNamed(type) ? IsDnsLabel(name)
        : type.Group == "rbac.authorization.k8s.io" || type.Kind is "Event" ? name.IndexOfAny(['/', '%']) < 0 && name is not ("." or "..")
        : IsDnsSubdomain(name);

    public static bool IsDnsLabel(string name) => name.Length <= 63 && DnsLabel().IsMatch(name);

    public static bool IsDnsSubdomain(string name) => name.Length <= 253 && DnsSubdomain().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
