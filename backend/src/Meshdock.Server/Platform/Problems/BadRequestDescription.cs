using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meshdock.Server.Platform.Problems;

/// <summary>
/// Rewrites the framework's binding messages (written for developers, e.g. "The JSON value could not be converted
/// to System.Nullable`1[System.Int32]") into sentences for the API's user, naming the field.
/// </summary>
internal static partial class BadRequestDescription
{
    public readonly record struct Description(string Detail, string? Field);

    public static Description Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return DescribeJson(json);
        }

        var message = exception.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            return ForValue(bind.Groups["name"].Value, bind.Groups["type"].Value, bind.Groups["value"].Value);
        }

        if (message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return new("The request needs a JSON body; send one with 'Content-Type: application/json'.", null);
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value;
            return source == "body"
                ? new("The request needs a JSON body; send one with 'Content-Type: application/json'.", null)
                : new($"The {source} parameter '{missing.Groups["name"].Value}' is required.", missing.Groups["name"].Value);
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(Hosting.RequestBodyLimits.TooLarge(BodyLimit().Match(message) is { Success: true } limit ? long.Parse(limit.Groups["bytes"].Value, System.Globalization.CultureInfo.InvariantCulture) : null), null);
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new("Send the body as JSON with the header 'Content-Type: application/json'.", null);
        }

        return new(message, null);
    }

    /// <summary>A route or query value that does not parse as its parameter's type.</summary>
    public static Description ForValue(string name, string typeName, string value) =>
        new($"The parameter '{name}' must be {Expected($" {typeName} ")}, not '{value}'.", name);

    private static Description DescribeJson(JsonException json)
    {
        var field = FieldName(json.Path);
        if (json.Message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            // The outer message often names the containing record, not the field's type; the inner one says what
            // was expected ("... out of bounds for an Int32", "... token type 'String' as a number").
            var clues = $"{json.InnerException?.Message} {json.Message.Split(" Path:", 2)[0]}";
            var found = FoundToken().Match(clues) is { Success: true } token ? $" (it is {TokenName(token.Groups["token"].Value)})" : "";
            // Without an inner message the outer one names the field's own type: a list, a map or an object.
            var expected = json.InnerException is null && ConvertedTo().Match(json.Message) is { Success: true } target
                ? JsonTypeName.Describe(target.Groups["type"].Value) ?? Expected(clues)
                : Expected(clues);
            return field is null
                ? new($"The request body must be a JSON object{found}.", null)
                : new($"The field '{field}' must be {expected}{found}.", field);
        }

        // A syntax error: the reader's first sentence says what it found; the position tells where.
        var reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
        var where = json.LineNumber is { } line
            ? $" at line {line + 1}, byte {json.BytePositionInLine + 1}{(field is null ? "" : $" (in '{field}')")}"
            : "";
        return new($"The request body is not valid JSON{where}: {reason}. Fix the JSON and send it again.", field);
    }

    // "$.steps" -> "steps", "$.items[0].name" -> "items[0].name", "$" -> null (the body itself).
    private static string? FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Expected(string clues) => clues switch
    {
        _ when WholeNumber().IsMatch(clues) => "a whole number within range",
        _ when clues.Contains("as a number", StringComparison.Ordinal) || clues.Contains("Double", StringComparison.Ordinal)
            || clues.Contains("Decimal", StringComparison.Ordinal) || clues.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when clues.Contains("Boolean", StringComparison.OrdinalIgnoreCase) || clues.Contains(" bool ", StringComparison.Ordinal) => "true or false",
        _ when clues.Contains("DateTime", StringComparison.Ordinal) => "an ISO-8601 date and time",
        _ when clues.Contains("as a string", StringComparison.Ordinal) || clues.Contains("String", StringComparison.Ordinal)
            || clues.Contains(" string ", StringComparison.Ordinal) => "a string",
        _ => "a value of the documented type",
    };

    private static string TokenName(string token) => token switch
    {
        "String" => "a string",
        "Number" => "a number",
        "True" or "False" => "a boolean",
        "StartArray" => "an array",
        "StartObject" => "an object",
        "Null" => "null",
        _ => token,
    };

    [GeneratedRegex(@"max request body size is (?<bytes>\d+) bytes")]
    private static partial Regex BodyLimit();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("token type '(?<token>\\w+)'")]
    private static partial Regex FoundToken();

    [GeneratedRegex(@"Int16|Int32|Int64|UInt|Byte|\b(int|long|short)\b")]
    private static partial Regex WholeNumber();

    [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided from (?<source>\w+)""")]
    private static partial Regex RequiredMissing();
}
