using System.Text.Json.Nodes;

namespace Meshdock.Load.Smp;

/// <summary>
/// Recognises the files people most often pick by mistake, so an import refusal can say what the file looks like
/// instead of naming the first field SMP does not have.
/// </summary>
internal static class ForeignFormats
{
    /// <summary>"looks like …; …" for a text-only report (wrk, wrk2, hey, ab), or null.</summary>
    public static string? DescribeText(string text)
    {
        if (text.Contains("Latency Distribution (HdrHistogram", StringComparison.Ordinal))
            return Refusal("wrk2's text output");
        if (text.TrimStart().StartsWith("Running ", StringComparison.Ordinal) && text.Contains("Requests/sec:", StringComparison.Ordinal))
            return Refusal("wrk's text output");
        if (text.Contains("Summary:", StringComparison.Ordinal) && text.Contains("Requests/sec:", StringComparison.Ordinal))
            return Refusal("hey's text output");
        if (text.Contains("This is ApacheBench", StringComparison.Ordinal))
            return Refusal("ApacheBench (ab) output");
        return null;
    }

    /// <summary>"looks like …; …" for a structured document of another tool, or null.</summary>
    public static string? Describe(JsonObject node)
    {
        if (node["RunType"] is not null && node["DurationHistogram"] is not null)
            return "is Fortio's JSON result, not SMP; import it as a Fortio result (the import endpoint takes both).";
        if (node["apiVersion"] is not null && node["kind"] is JsonValue kind)
            return Refusal($"a Kubernetes manifest (kind {kind})");
        if (node["metrics"] is JsonObject && (node["root_group"] is not null || node["state"] is not null))
            return Refusal("a k6 summary (k6 run --summary-export)");
        if (node["results"] is JsonArray results && results.FirstOrDefault() is JsonObject first && first["statistics"] is not null)
            return Refusal("Nighthawk's JSON output");
        return null;
    }

    private static string Refusal(string what) =>
        $"looks like {what}, not SMP; Meshdock imports SMP (YAML or JSON, as Meshdock and Meshery export it) and Fortio's JSON result.";
}
