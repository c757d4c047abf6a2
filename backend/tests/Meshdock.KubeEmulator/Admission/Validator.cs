using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Admission;

/// <summary>
/// The validation that answers 422 Invalid with field causes, for the mistakes a chart or a client makes most:
/// bad names and labels, workloads whose selector does not match their template, containers without an image,
/// changing an immutable selector, label keys and ConfigMap/Secret keys that are not qualified names, CRDs without a
/// plural.group name, a scope, exactly one storage version or a schema per version, webhook configurations the API
/// server refuses.
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
            if (LabelKeyProblem(key) is { } keyProblem)
            {
                causes.Add(("metadata.labels", "FieldValueInvalid", $"Invalid value: \"{key}\": {keyProblem}"));
            }
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
                case "ConfigMap" or "Secret":
                    ConfigKeys(obj, "data", causes);
                    if (type.Kind == "ConfigMap") ConfigKeys(obj, "binaryData", causes);
                    break;
                case "CustomResourceDefinition":
                    CustomResourceDefinition(obj, name, causes);
                    break;
            }
        }
        if (causes.Count > 0) throw KubeApiException.Invalid(type, name, [.. causes]);
    }

    private static void CustomResourceDefinition(JsonObject obj, string name, List<(string, string, string)> causes)
    {
        var expected = $"{obj.Str("spec", "names", "plural")}.{obj.Str("spec", "group")}";
        if (name != expected)
        {
            causes.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }
        if (string.IsNullOrEmpty(obj.Str("spec", "names", "plural"))) causes.Add(("spec.names.plural", "FieldValueRequired", "Required value"));
        if (string.IsNullOrEmpty(obj.Str("spec", "names", "kind"))) causes.Add(("spec.names.kind", "FieldValueRequired", "Required value"));
        var scope = obj.Str("spec", "scope");
        if (string.IsNullOrEmpty(scope)) causes.Add(("spec.scope", "FieldValueRequired", "Required value"));
        else if (scope is not ("Cluster" or "Namespaced")) causes.Add(("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        var versions = obj.At("spec", "versions") as JsonArray ?? [];
        if (versions.Count(v => v.Bool("storage") == true) != 1)
        {
            causes.Add(("spec.versions", "FieldValueInvalid", $"Invalid value: {(versions.Count == 0 ? "null" : versions.ToJsonString())}: must have exactly one version marked as storage version"));
        }
        for (var i = 0; i < versions.Count; i++)
        {
            // apiextensions.k8s.io/v1 requires a structural schema for every version.
            if (versions[i].At("schema", "openAPIV3Schema") is not JsonObject)
            {
                causes.Add(($"spec.versions[{i}].schema.openAPIV3Schema", "FieldValueRequired", "Required value: schemas are required"));
            }
        }
    }

    private static void ConfigKeys(JsonObject obj, string field, List<(string, string, string)> causes)
    {
        foreach (var (key, _) in obj[field] as JsonObject ?? [])
        {
            if (key.Length > 253 || !ConfigKey().IsMatch(key))
            {
                causes.Add(($"{field}[{key}]", "FieldValueInvalid", $"Invalid value: \"{key}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
            }
        }
    }

    /// <summary>A label key is a qualified name: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    private static string? LabelKeyProblem(string key)
    {
        var slash = key.IndexOf('/');
        var (prefix, namePart) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && (prefix.Length == 0 || !IsDnsSubdomain(prefix)))
        {
            return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
        if (namePart.Length == 0) return "name part must be non-empty";
        if (namePart.Length > 63) return "name part must be no more than 63 characters";
        return QualifiedNamePart().IsMatch(namePart) ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
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

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
