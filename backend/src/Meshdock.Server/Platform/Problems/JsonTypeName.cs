using System.Text.RegularExpressions;

namespace Meshdock.Server.Platform.Problems;

/// <summary>
/// Says in words what JSON a .NET type named in a System.Text.Json message takes: "a list of strings" for
/// <c>IReadOnlyList`1[System.String]</c>, "an object" for a dictionary or a record. Null for scalars, whose
/// messages carry better clues (the token found, the number's range).
/// </summary>
internal static partial class JsonTypeName
{
    public static string? Describe(string typeName)
    {
        if (typeName.EndsWith("[]", StringComparison.Ordinal))
        {
            return $"a list of {Plural(typeName[..^2])}";
        }

        if (Generic().Match(typeName) is { Success: true } generic)
        {
            var arguments = SplitArguments(generic.Groups["arguments"].Value);
            return generic.Groups["name"].Value switch
            {
                "List" or "IList" or "IReadOnlyList" or "IEnumerable" or "ICollection" or "IReadOnlyCollection" or "HashSet" or "ISet"
                    when arguments.Count == 1 => $"a list of {Plural(arguments[0])}",
                "Dictionary" or "IDictionary" or "IReadOnlyDictionary" when arguments.Count == 2 => Values(arguments[1]),
                "Nullable" when arguments.Count == 1 => Describe(arguments[0]),
                _ => null,
            };
        }

        return typeName switch
        {
            "System.Text.Json.Nodes.JsonObject" => "an object",
            "System.Text.Json.Nodes.JsonArray" => "a list",
            _ when typeName.StartsWith("System.", StringComparison.Ordinal) => null,
            _ => "an object", // one of the API's records
        };
    }

    private static string Values(string valueType) => Plural(valueType) switch
    {
        "values" => "an object",
        var plural => $"an object whose values are {plural}",
    };

    private static string Plural(string typeName) => (Nullable().Match(typeName) is { Success: true } n ? n.Groups["inner"].Value : typeName) switch
    {
        "System.String" => "strings",
        "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "whole numbers",
        "System.Double" or "System.Single" or "System.Decimal" => "numbers",
        "System.Boolean" => "true or false",
        "System.Text.Json.JsonElement" or "System.Object" or "System.Text.Json.Nodes.JsonNode" => "values",
        var other when Describe(other) is { } described => described.StartsWith("a list", StringComparison.Ordinal) ? "lists" : "objects",
        _ => "values",
    };

    // "System.String,System.Collections.Generic.List`1[System.String]" -> the two, split at top-level commas.
    private static List<string> SplitArguments(string arguments)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(arguments[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(arguments[start..]);
        return parts;
    }

    [GeneratedRegex(@"^(?:[\w.]+\.)?(?<name>\w+)`\d+\[(?<arguments>.+)\]$")]
    private static partial Regex Generic();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex Nullable();
}
