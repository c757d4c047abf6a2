using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Admission;

/// <summary>
/// The API server's checks on <c>ValidatingWebhookConfiguration</c> and <c>MutatingWebhookConfiguration</c> (v1): every
/// webhook has a unique fully qualified name, exactly one of url or service, a declared side-effect class, the review
/// versions it accepts, operations, a failure policy and a timeout from the allowed sets. Charts with webhooks (every
/// mesh's control plane) are rejected on a real cluster when they miss one, so the emulator rejects them too.
/// </summary>
internal static class WebhookValidation
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];

    public static void Validate(JsonObject obj, JsonObject? existing, bool mutating, List<(string, string, string)> causes)
    {
        if (obj["webhooks"] is not JsonArray webhooks) return;
        // An update may keep the side-effect classes that v1beta1 allowed; a new configuration may not.
        string[] sideEffects = existing is null ? ["None", "NoneOnDryRun"] : ["None", "NoneOnDryRun", "Some", "Unknown"];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var at = $"webhooks[{i}]";
            var webhook = webhooks[i];
            var name = webhook.Str("name");
            if (string.IsNullOrEmpty(name)) causes.Add(($"{at}.name", "FieldValueRequired", "Required value"));
            else if (!Validator.IsDnsSubdomain(name)) causes.Add(($"{at}.name", "FieldValueInvalid", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')"));
            else if (name.Split('.').Length < 3) causes.Add(($"{at}.name", "FieldValueInvalid", $"Invalid value: \"{name}\": should be a domain with at least three segments separated by dots"));
            else if (!names.Add(name)) causes.Add(($"{at}.name", "FieldValueDuplicate", $"Duplicate value: \"{name}\""));

            var url = webhook.Str("clientConfig", "url");
            var service = webhook.At("clientConfig", "service") as JsonObject;
            if (string.IsNullOrEmpty(url) == (service is null))
            {
                causes.Add(($"{at}.clientConfig", "FieldValueRequired", "Required value: exactly one of url or service is required"));
            }
            if (service is not null)
            {
                if (string.IsNullOrEmpty(service.Str("name"))) causes.Add(($"{at}.clientConfig.service.name", "FieldValueRequired", "Required value: service name is required"));
                if (string.IsNullOrEmpty(service.Str("namespace"))) causes.Add(($"{at}.clientConfig.service.namespace", "FieldValueRequired", "Required value: service namespace is required"));
                if (service.Number("port") is { } port and (< 1 or > 65535)) causes.Add(($"{at}.clientConfig.service.port", "FieldValueInvalid", $"Invalid value: \"{port}\": port is not valid: must be between 1 and 65535, inclusive"));
                if (service.Str("path") is { Length: > 0 } path && !path.StartsWith('/')) causes.Add(($"{at}.clientConfig.service.path", "FieldValueInvalid", $"Invalid value: \"{path}\": must start with a '/'"));
            }

            var sideEffect = webhook.Str("sideEffects");
            if (sideEffect is null) causes.Add(($"{at}.sideEffects", "FieldValueRequired", $"Required value: must specify one of {string.Join(", ", sideEffects)}"));
            else if (!sideEffects.Contains(sideEffect)) causes.Add(($"{at}.sideEffects", "FieldValueNotSupported", $"Unsupported value: \"{sideEffect}\": supported values: {Quoted(sideEffects)}"));

            if (webhook?["admissionReviewVersions"] is not JsonArray { Count: > 0 } versions)
            {
                causes.Add(($"{at}.admissionReviewVersions", "FieldValueRequired", "Required value: must specify one of v1, v1beta1"));
            }
            else if (!versions.Any(v => v.Str() is "v1" or "v1beta1"))
            {
                causes.Add(($"{at}.admissionReviewVersions", "FieldValueInvalid", $"Invalid value: {versions.ToJsonString()}: must include at least one of v1, v1beta1"));
            }

            if (webhook?["rules"] is JsonArray rules)
            {
                for (var r = 0; r < rules.Count; r++)
                {
                    var operations = rules[r]?["operations"] as JsonArray ?? [];
                    if (operations.Count == 0) causes.Add(($"{at}.rules[{r}].operations", "FieldValueRequired", "Required value"));
                    for (var o = 0; o < operations.Count; o++)
                    {
                        if (operations[o].Str() is not { } operation || !Operations.Contains(operation))
                        {
                            causes.Add(($"{at}.rules[{r}].operations[{o}]", "FieldValueNotSupported", $"Unsupported value: \"{operations[o].Str()}\": supported values: {Quoted(Operations)}"));
                        }
                    }
                }
            }

            if (webhook.Str("failurePolicy") is { } failurePolicy && !FailurePolicies.Contains(failurePolicy))
            {
                causes.Add(($"{at}.failurePolicy", "FieldValueNotSupported", $"Unsupported value: \"{failurePolicy}\": supported values: {Quoted(FailurePolicies)}"));
            }
            if (webhook.Number("timeoutSeconds") is { } timeout and (< 1 or > 30))
            {
                causes.Add(($"{at}.timeoutSeconds", "FieldValueInvalid", $"Invalid value: {timeout.ToString(CultureInfo.InvariantCulture)}: the timeout value must be between 1 and 30 seconds"));
            }
            if (mutating && webhook.Str("reinvocationPolicy") is { } reinvocation && !ReinvocationPolicies.Contains(reinvocation))
            {
                causes.Add(($"{at}.reinvocationPolicy", "FieldValueNotSupported", $"Unsupported value: \"{reinvocation}\": supported values: {Quoted(ReinvocationPolicies)}"));
            }
        }
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
