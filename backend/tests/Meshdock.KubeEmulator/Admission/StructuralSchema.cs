using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Admission;

/// <summary>
/// A CRD version's <c>openAPIV3Schema</c> applied to a custom resource the way the API server's apiextensions
/// handler does: unknown fields pruned (unless <c>x-kubernetes-preserve-unknown-fields</c>), nulls of non-nullable
/// fields dropped, <c>default</c>s filled in, then the value validations (types, int-or-string, enums, required,
/// patterns, lengths, bounds, item counts, map and set list uniqueness, allOf/anyOf/oneOf/not), each failure a cause
/// worded like kube-openapi's. CEL rules (<c>x-kubernetes-validations</c>) are not evaluated.
/// </summary>
public static class StructuralSchema
{
    private static readonly HashSet<string> RootFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Removes what the schema does not declare; returns the removed fields' paths (<c>spec.foo</c>).</summary>
    public static IReadOnlyList<string> Prune(JsonObject schema, JsonObject obj)
    {
        var unknown = new List<string>();
        PruneObject(obj, schema, "", unknown, root: true);
        return unknown;
    }

    /// <summary>Fills in <c>default</c> values of absent properties, top-down.</summary>
    public static void ApplyDefaults(JsonObject schema, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (key, propertySchema) in properties)
                    {
                        if (!obj.ContainsKey(key) && propertySchema?["default"] is { } value) obj[key] = value.DeepClone();
                    }
                    foreach (var (key, child) in obj.ToList())
                    {
                        if (properties[key] is JsonObject childSchema) ApplyDefaults(childSchema, child);
                    }
                }
                else if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    foreach (var (_, child) in obj.ToList()) ApplyDefaults(valueSchema, child);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                foreach (var item in array) ApplyDefaults(itemSchema, item);
                break;
        }
    }

    /// <summary>The schema's value validations; the object's own metadata is left to the generic checks.</summary>
    public static List<(string Field, string Reason, string Message)> Validate(JsonObject schema, JsonObject obj)
    {
        var causes = new List<(string, string, string)>();
        var withoutMetadata = obj.CloneObject();
        withoutMetadata.Remove("metadata");
        var rootSchema = (JsonObject)schema.DeepClone();
        (rootSchema["properties"] as JsonObject)?.Remove("metadata");
        Check(withoutMetadata, rootSchema, "", causes);
        return causes;
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> unknown, bool root = false)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        var preserve = schema.Bool("x-kubernetes-preserve-unknown-fields") == true;
        var embedded = schema.Bool("x-kubernetes-embedded-resource") == true;
        foreach (var (key, value) in obj.ToList())
        {
            var at = Join(path, key);
            if ((root || embedded) && RootFields.Contains(key))
            {
                continue;
            }
            var childSchema = properties?[key] as JsonObject ?? additional;
            if (childSchema is null)
            {
                if (!preserve && schema["additionalProperties"]?.GetValueKind() != JsonValueKind.True)
                {
                    obj.Remove(key);
                    unknown.Add(at);
                }
                continue;
            }
            if (value is null && childSchema.Bool("nullable") != true)
            {
                obj.Remove(key);
                continue;
            }
            PruneValue(value, childSchema, at, unknown);
        }
    }

    private static void PruneValue(JsonNode? value, JsonObject schema, string path, List<string> unknown)
    {
        switch (value)
        {
            case JsonObject child:
                PruneObject(child, schema, path, unknown);
                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item) PruneValue(item, itemSchema, $"{path}[{i}]", unknown);
                }
                break;
        }
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        if (value is null)
        {
            if (schema.Bool("nullable") != true && schema["type"] is not null)
            {
                causes.Add((path, "FieldValueTypeInvalid", $"Invalid value: \"null\": {path} in body must be of type {schema.Str("type")}: \"null\""));
            }
            return;
        }
        var actual = TypeOf(value);
        var intOrString = schema.Bool("x-kubernetes-int-or-string") == true;
        if (intOrString ? actual is not ("integer" or "string") : schema.Str("type") is { } type && !Matches(type, actual))
        {
            var expected = intOrString ? "integer,string" : schema.Str("type");
            causes.Add((path, "FieldValueTypeInvalid", $"Invalid value: \"{actual}\": {path} in body must be of type {expected}: \"{actual}\""));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            causes.Add((path, "FieldValueNotSupported",
                $"Unsupported value: {value.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}"));
        }
        switch (value)
        {
            case JsonValue scalar when actual == "string":
                CheckString(scalar.GetValue<string>(), schema, path, causes);
                break;
            case JsonValue number when actual is "integer" or "number":
                CheckNumber(AsDouble(number), value.ToJsonString(), schema, path, causes);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, causes);
                break;
            case JsonObject obj:
                CheckObject(obj, schema, path, causes);
                break;
        }
        CheckCombinators(value, schema, path, causes);
    }

    private static void CheckString(string text, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        if (schema.Number("maxLength") is { } max && text.Length > max)
        {
            causes.Add((path, "FieldValueTooLong", $"Too long: may not be more than {max} bytes"));
        }
        if (schema.Number("minLength") is { } min && text.Length < min)
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: \"{text}\": {path} in body should be at least {min} chars long"));
        }
        if (schema.Str("pattern") is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: \"{text}\": {path} in body should match '{pattern}'"));
        }
    }

    private static void CheckNumber(double number, string text, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        if (schema["minimum"] is JsonValue minimum)
        {
            var min = AsDouble(minimum);
            var exclusive = schema.Bool("exclusiveMinimum") == true;
            if (exclusive ? number <= min : number < min)
            {
                causes.Add((path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be greater than {(exclusive ? "" : "or equal to ")}{minimum.ToJsonString()}"));
            }
        }
        if (schema["maximum"] is JsonValue maximum)
        {
            var max = AsDouble(maximum);
            var exclusive = schema.Bool("exclusiveMaximum") == true;
            if (exclusive ? number >= max : number > max)
            {
                causes.Add((path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be less than {(exclusive ? "" : "or equal to ")}{maximum.ToJsonString()}"));
            }
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        if (schema.Number("maxItems") is { } max && array.Count > max)
        {
            causes.Add((path, "FieldValueTooMany", $"Too many: {array.Count}: must have at most {max} items"));
        }
        if (schema.Number("minItems") is { } min && array.Count < min)
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: {array.Count}: {path} in body should have at least {min} items"));
        }
        if (schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < array.Count; i++) Check(array[i], itemSchema, $"{path}[{i}]", causes);
        }
        var listType = schema.Str("x-kubernetes-list-type");
        if (listType is "set" or "map")
        {
            var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToArray() ?? [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var identity = listType == "set"
                    ? array[i]?.ToJsonString() ?? "null"
                    : "{" + string.Join(", ", keys.Select(k => $"\"{k}\":{array[i]?[k]?.ToJsonString() ?? "null"}")) + "}";
                if (!seen.Add(identity))
                {
                    causes.Add(($"{path}[{i}]", "FieldValueDuplicate", $"Duplicate value: {identity}"));
                }
            }
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var key in required.Select(k => k!.GetValue<string>()))
            {
                if (!obj.ContainsKey(key)) causes.Add((Join(path, key), "FieldValueRequired", "Required value"));
            }
        }
        if (schema.Number("maxProperties") is { } max && obj.Count > max)
        {
            causes.Add((path, "FieldValueTooMany", $"Too many: {obj.Count}: must have at most {max} items"));
        }
        if (schema.Number("minProperties") is { } min && obj.Count < min)
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: {obj.Count}: {path} in body should have at least {min} properties"));
        }
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (key, child) in obj)
        {
            if (properties?[key] is JsonObject childSchema)
            {
                Check(child, childSchema, Join(path, key), causes);
            }
            else if (additional is not null)
            {
                Check(child, additional, $"{path}[{key}]", causes);
            }
        }
    }

    private static void CheckCombinators(JsonNode value, JsonObject schema, string path, List<(string, string, string)> causes)
    {
        int Passing(JsonArray branches) => branches.OfType<JsonObject>().Count(branch =>
        {
            var branchCauses = new List<(string, string, string)>();
            Check(value, branch, path, branchCauses);
            return branchCauses.Count == 0;
        });
        var at = path.Length == 0 ? "<root>" : path;
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var branch in allOf.OfType<JsonObject>()) Check(value, branch, path, causes);
        }
        if (schema["anyOf"] is JsonArray anyOf && Passing(anyOf) == 0)
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: {value.ToJsonString()}: {at} in body must validate at least one schema (anyOf)"));
        }
        if (schema["oneOf"] is JsonArray oneOf && Passing(oneOf) != 1)
        {
            causes.Add((path, "FieldValueInvalid", $"Invalid value: {value.ToJsonString()}: {at} in body must validate one and only one schema (oneOf)"));
        }
        if (schema["not"] is JsonObject not)
        {
            var notCauses = new List<(string, string, string)>();
            Check(value, not, path, notCauses);
            if (notCauses.Count == 0)
            {
                causes.Add((path, "FieldValueInvalid", $"Invalid value: {value.ToJsonString()}: {at} in body must not validate the schema (not)"));
            }
        }
    }

    private static string TypeOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsWhole(value) ? "integer" : "number",
        _ => "null",
    };

    /// <summary>As kube-openapi decides: a JSON number with no fractional part (1.0 included) is an integer.</summary>
    private static bool IsWhole(JsonNode value) => AsDouble(value) is var d && d == Math.Floor(d) && !double.IsInfinity(d);

    private static double AsDouble(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool Matches(string expected, string actual) => expected == actual || expected == "number" && actual == "integer";

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
