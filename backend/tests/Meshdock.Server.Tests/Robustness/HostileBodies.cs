using System.Text;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>Bodies that have killed or exhausted parsers elsewhere: deep nesting, alias bombs, overflowing numbers.</summary>
internal static class HostileBodies
{
    /// <summary><c>a: [[[…]]]</c> 50,000 deep (100 KB): a recursive YAML loader overflows its stack on it.</summary>
    public static string DeepYaml() => "a: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

    /// <summary>The "billion laughs": 9 levels of 9 aliases, 700 bytes that expand to 9^9 (387 million) strings.</summary>
    public static string AliasBomb()
    {
        var yaml = new StringBuilder("l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 1; level <= 8; level++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"l{level}: &l{level} [{string.Join(",", Enumerable.Repeat($"*l{level - 1}", 9))}]\n");
        }

        return yaml.ToString();
    }

    /// <summary>Two thousand references to one small anchor: cheap to expand, but more aliases than any real file has.</summary>
    public static string ManyAliases() => "a: &a x\nb: [" + string.Join(",", Enumerable.Repeat("*a", 2_000)) + "]\n";

    /// <summary>An object with a 10,000-deep array under an unknown property, so every JSON endpoint reads into it.</summary>
    public static string DeepJson() => "{\"deep\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

    /// <summary>A valid JSON object of about <paramref name="bytes"/> bytes.</summary>
    public static string LargeJson(int bytes) => "{\"pad\":\"" + new string('x', bytes) + "\"}";

    /// <summary>An SMP result (YAML) with a field replaced, for the import's field checks.</summary>
    public static string Smp(string duration = "10s", string actualQps = "100", string labels = "{}") => $$"""
        smp_version: v0.0.1
        duration: {{duration}}
        labels: {{labels}}
        clients:
          - endpoint_urls: ["http://127.0.0.1:1/"]
        result:
          start_time: "2025-01-01T00:00:00Z"
          end_time: "2025-01-01T00:00:10Z"
          actual_qps: {{actualQps}}
          latencies_ms: {min: 1, average: 1, p50: 1, p90: 1, p99: 1, max: 1}
        """;
}
