using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.Load.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Meshdock.Load.Smp;

/// <summary>
/// Converts between YAML and JSON trees, so YAML and JSON files go through one reader and one writer.
/// Plain YAML scalars become numbers, booleans or null when they read as such; quoted ones stay strings.
/// </summary>
internal static class YamlJson
{
    /// <summary>Every document in the stream, in order.</summary>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(SafeYaml.Open(yaml));
        }
        catch (YamlLimitException e)
        {
            throw new SmpFormatException("(document)", e.Message);
        }
        catch (YamlException e)
        {
            throw new SmpFormatException("(document)", $"The file is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet reports some structural errors (an unclosed flow sequence) this way.
            throw new SmpFormatException("(document)", $"The file is not valid YAML: {e.Message}");
        }
        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    /// <summary>A YAML stream with one document per node, each started by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<JsonNode> documents)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        foreach (var node in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, node);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child =>
            KeyValuePair.Create(((child.Key as YamlScalarNode)?.Value) ?? child.Key.ToString(), ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain ? Plain(scalar.Value ?? "") : JsonValue.Create(scalar.Value ?? "");

    /// <summary>What an unquoted scalar means: null, a boolean, a number, or else text.</summary>
    private static JsonValue? Plain(string value)
    {
        if (value is "" or "~" or "null" or "Null" or "NULL")
            return null;
        if (value is "true" or "True" or "TRUE")
            return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE")
            return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        // "1e999", "Infinity" and "NaN" parse as doubles JSON cannot carry: they stay text, which the reader refuses.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonValue.Create(number);
        return JsonValue.Create(value);
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var item in array)
                    Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                // Quote strings a YAML reader would otherwise take for a number, a boolean or null.
                var plainWouldChange = Plain(text) is not { } v || v.GetValueKind() != JsonValueKind.String;
                emitter.Emit(new Scalar(null, null, text,
                    plainWouldChange || text.Contains('\n') ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));
                break;
            case JsonValue value:
                emitter.Emit(new Scalar(value.ToJsonString()));
                break;
            default:
                emitter.Emit(new Scalar("null"));
                break;
        }
    }
}
