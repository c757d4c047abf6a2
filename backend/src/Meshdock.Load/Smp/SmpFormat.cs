using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Meshdock.Load.Smp;

/// <summary>Reads and writes SMP documents as YAML or JSON (snake_case field names, unknown fields omitted).</summary>
public static partial class SmpFormat
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>SMP documents are a few levels deep; the same bound as for YAML keeps a hostile file cheap to refuse.</summary>
    private const int MaxJsonDepth = Yaml.SafeYaml.MaxDepth;

    /// <summary>One JSON object whose keys name SMP's messages: <c>performance_test_config</c>, <c>performance_test_result</c>,
    /// then <c>environment_config</c> and <c>service_mesh_config</c> when known.</summary>
    public static string ToJson(SmpDocument document) => SmpWriter.WriteObject(document).ToJsonString(Indented);

    /// <summary>One YAML document per SMP message, in the same order as <see cref="ToJson"/>.</summary>
    public static string ToYaml(SmpDocument document) => YamlJson.ToYaml(SmpWriter.Write(document).Select(m => (JsonNode)m.Message));

    /// <summary>
    /// Parses an SMP file in YAML or JSON (JSON is YAML too, but is read by the JSON parser for exact errors): the shapes
    /// <see cref="ToJson"/> and <see cref="ToYaml"/> write, a bare <c>PerformanceTestConfig</c>, and Meshdock's earlier
    /// export.
    /// </summary>
    /// <exception cref="SmpFormatException">The text is not valid SMP; the exception names the first bad field, or
    /// what the file looks like when it is another tool's format.</exception>
    public static SmpDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
            throw new SmpFormatException("(document)", "The file is empty; export an SMP result as YAML or JSON and import that.");
        if (ForeignFormats.DescribeText(text) is { } foreign)
            throw new SmpFormatException("(document)", "The file " + foreign);
        IReadOnlyList<JsonNode?> documents;
        if (trimmed[0] is '{' or '[')
        {
            try
            {
                documents = [JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxJsonDepth })];
            }
            catch (JsonException e)
            {
                throw new SmpFormatException("(document)", $"The file is not valid JSON (line {e.LineNumber + 1}): {e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0]}");
            }
        }
        else
        {
            documents = YamlJson.Parse(text);
        }
        return SmpReader.Read(documents);
    }

    internal static string ContentHash(SmpDocument document)
    {
        var json = SmpWriter.WriteObject(document with { Id = null }).ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>Go/SMP duration syntax: "30s", "1m30s", "1h", "250ms", "1.5s".</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
            return $"{value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
        var text = new StringBuilder();
        if (value.Hours + value.Days * 24 > 0)
            text.Append(CultureInfo.InvariantCulture, $"{value.Hours + value.Days * 24}h");
        if (value.Minutes > 0)
            text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        if (value.Seconds > 0 || text.Length == 0)
            text.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        return text.ToString();
    }

    public static TimeSpan ParseDuration(string text) =>
        TryParseDuration(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration like 30s, 1m30s or 500ms.");

    /// <summary>False for text that is not a duration, or one longer than <see cref="TimeSpan.MaxValue"/>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
            return false;
        var seconds = 0.0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's', 'u', 'µ', 'n']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            seconds += number * part.Value[unitStart..] switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 1e-3,
                "us" or "µs" => 1e-6,
                _ => 1e-9,
            };
        }
        // Summed as seconds so that "99999999999999h" is refused here rather than overflowing TimeSpan.
        if (!double.IsFinite(seconds) || seconds >= TimeSpan.MaxValue.TotalSeconds)
            return false;
        value = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex DurationPattern();
}
