using System.Globalization;
using System.Net;
using System.Text;
using Meshdock.Load;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// The report as one self-contained HTML page (no script, no external file): the figures with their spread, and the
/// latency distributions of every run overlaid as an inline SVG, percentiles on a log scale of 1/(1 − p) as
/// HdrHistogram plots them, so the tail is as readable as the median.
/// </summary>
public static class OverheadHtml
{
    private const int Width = 720;
    private const int Height = 320;
    private const int Left = 56;
    private const int Bottom = 36;
    private static readonly Dictionary<string, string> Colours = new()
    {
        [OverheadReport.Plain] = "#1f77b4",
        [OverheadReport.Meshed] = "#d62728",
        [OverheadReport.Filtered] = "#2ca02c",
    };

    public static string Render(OverheadReport report, IReadOnlyDictionary<string, IReadOnlyList<PercentilePoint>> curves)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(report.Name)}}</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}.note{color:#666}</style>
            </head><body>
            <h1>{{E(report.Name)}}</h1>
            <p>{{E(report.MeshName)}} {{E(report.MeshVersion ?? "")}}, workload {{E(report.Workload)}}, {{report.Rounds}} round(s) per namespace, alternating, the load sent from runner pods in each namespace;
            {{E(Describe(report.Profile))}}. Status: {{E(report.Status)}}. Created {{report.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}} UTC.</p>
            """);
        if (report.ResourcesMissing is { } missing)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(missing)}</p>\n");
        }
        var filtered = report.Variant(OverheadReport.Filtered);
        if (filtered is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>The filtered namespace runs {E(filtered.Filter ?? "a filter")} in the mesh's proxies, on top of the meshed namespace's set-up.</p>\n");
        }
        html.Append("<h2>Against the plain namespace</h2>\n<table><tr><th>figure</th><th>plain</th><th>meshed</th><th>Δ (mean)</th><th>Δ across rounds</th>")
            .Append(filtered is null ? "" : "<th>filtered</th><th>Δ filtered (mean)</th><th>Δ filtered across rounds</th>")
            .Append("</tr>\n");
        foreach (var f in report.Figures ?? [])
        {
            var signed = f.Plain is not null;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(f.Label)} ({E(f.Unit)})</td><td>{N(f.Plain)}</td><td>{N(f.Meshed)}</td><td>{N(f.Delta, signed)}</td><td>{N(f.DeltaMin, signed)} … {N(f.DeltaMax, signed)}</td>");
            if (filtered is not null)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<td>{N(f.Filtered)}</td><td>{N(f.FilteredDelta, signed)}</td><td>{N(f.FilteredDeltaMin, signed)} … {N(f.FilteredDeltaMax, signed)}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n<h2>Latency distributions</h2>\n");
        html.Append(Chart(curves));
        html.Append("<p class=\"note\">Corrected latency (measured from each request's intended send time). Each line is one run; ")
            .AppendJoin(", ", report.Variants.Select(v => $"<span style=\"color:{Colours[v.Key]}\">{v.Key}</span>"))
            .Append(".</p>\n</body></html>\n");
        return html.ToString();
    }

    private static string Chart(IReadOnlyDictionary<string, IReadOnlyList<PercentilePoint>> curves)
    {
        var points = curves.Values.SelectMany(c => c).Where(p => p.Percentile < 100).ToList();
        if (points.Count == 0)
        {
            return "<p class=\"note\">No run has a latency distribution.</p>\n";
        }
        var maxX = points.Max(p => X(p.Percentile));
        var maxY = Math.Max(points.Max(p => p.ValueMs), 0.001);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"Latency by percentile\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/><line x1=\"{Left}\" y1=\"0\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/>");
        foreach (var p in new[] { 50.0, 90, 99, 99.9, 99.99 }.Where(p => X(p) <= maxX))
        {
            var x = Left + (X(p) / maxX * (Width - Left - 10));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Height - 12}\" font-size=\"11\" text-anchor=\"middle\">p{p}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"12\" font-size=\"11\">{maxY:0.##} ms</text><text x=\"4\" y=\"{Height - Bottom}\" font-size=\"11\">0</text>");
        foreach (var (key, curve) in curves)
        {
            var colour = Colours.GetValueOrDefault(key.Split('/')[0], "#555");
            var path = string.Join(" ", curve.Where(p => p.Percentile < 100).Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{Left + (X(p.Percentile) / maxX * (Width - Left - 10)):0.#},{Height - Bottom - (p.ValueMs / maxY * (Height - Bottom - 16)):0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{path}\"><title>{E(key)}</title></polyline>");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static double X(double percentile) => Math.Log10(1 / (1 - (percentile / 100)));

    private static string Describe(PerfSpec p) =>
        (p.Model == PerfSpec.Closed ? "closed model" : $"open model at {p.Rps:N0} rps") + $" over {p.Connections ?? 10} connections"
        + (p.DurationSeconds is { } d ? $" for {d:0.#} s" : "") + (p.WarmupSeconds is > 0 and var w ? $" after {w:0.#} s of warm-up" : "");

    private static string N(double? value, bool signed = false) => value is { } v
        ? (signed && v >= 0 ? "+" : "") + v.ToString(Math.Abs(v) >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture)
        : "—";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
