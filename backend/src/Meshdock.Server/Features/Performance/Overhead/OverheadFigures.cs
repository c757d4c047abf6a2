namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// The report's lines, computed from the rounds of its variants: round r of the meshed (or filtered) namespace is
/// paired with round r of the plain one, and each pair gives one difference.
/// </summary>
public static class OverheadFigures
{
    public static IReadOnlyList<OverheadFigure> Of(OverheadReport report)
    {
        var plain = report.Variant(OverheadReport.Plain)!;
        var meshed = report.Variant(OverheadReport.Meshed)!;
        var filtered = report.Variant(OverheadReport.Filtered);

        OverheadFigure Both(string key, string label, string unit, Func<OverheadRound, double?> value)
        {
            var (delta, min, max) = Spread(Differences(plain, meshed, value));
            var figure = new OverheadFigure(key, label, unit, Mean(plain.Rounds.Select(value)), Mean(meshed.Rounds.Select(value)), delta, min, max);
            if (filtered is null)
            {
                return figure;
            }
            var (filteredDelta, filteredMin, filteredMax) = Spread(Differences(plain, filtered, value));
            return figure with { Filtered = Mean(filtered.Rounds.Select(value)), FilteredDelta = filteredDelta, FilteredDeltaMin = filteredMin, FilteredDeltaMax = filteredMax };
        }

        // Only a namespace in the mesh has these: what it costs is the value itself.
        OverheadFigure MeshOnly(string key, string label, string unit, Func<OverheadRound, double?> value)
        {
            var (mean, min, max) = Spread([.. meshed.Rounds.Select(value).OfType<double>()]);
            var figure = new OverheadFigure(key, label, unit, null, mean, mean, min, max);
            if (filtered is null)
            {
                return figure;
            }
            var (filteredMean, filteredMin, filteredMax) = Spread([.. filtered.Rounds.Select(value).OfType<double>()]);
            return figure with { Filtered = filteredMean, FilteredDelta = filteredMean, FilteredDeltaMin = filteredMin, FilteredDeltaMax = filteredMax };
        }

        return
        [
            Both("p50", "Latency p50", "ms", r => r.Summary?.Latency?.P50Ms),
            Both("p90", "Latency p90", "ms", r => r.Summary?.Latency?.P90Ms),
            Both("p99", "Latency p99", "ms", r => r.Summary?.Latency?.P99Ms),
            Both("p999", "Latency p99.9", "ms", r => r.Summary?.Latency?.P999Ms),
            Both("max", "Latency max", "ms", r => r.Summary?.Latency?.MaxMs),
            Both("throughput", "Throughput", "rps", r => r.Summary?.ActualRps),
            Both("success", "Success rate", "%", SuccessPercent),
            Both("appCpu", "Application CPU", "millicores", r => r.Resources.App?.CpuMeanMillicores),
            Both("appMemory", "Application memory per pod", "MiB", r => r.Resources.App?.MemoryPerPodMiB),
            MeshOnly("proxyCpuPer1000Rps", "Proxy CPU per 1,000 rps", "millicores", r => r.Resources.Proxy?.CpuPerThousandRps(r.Summary?.ActualRps)),
            MeshOnly("proxyMemory", "Proxy memory per pod", "MiB", r => r.Resources.Proxy?.MemoryPerPodMiB),
            MeshOnly("controlPlaneCpu", "Control plane CPU", "millicores", r => r.Resources.ControlPlane?.CpuMeanMillicores),
            MeshOnly("controlPlaneMemory", "Control plane memory", "MiB", r => r.Resources.ControlPlane?.MemoryMeanMiB),
        ];
    }

    /// <summary>The share of requests answered 2xx, in percent; null without status codes.</summary>
    public static double? SuccessPercent(OverheadRound round) =>
        round.Summary is { StatusCodes: { } codes, Requests: > 0 and var requests }
            ? codes.Where(c => c.Key is >= 200 and < 300).Sum(c => c.Value) * 100.0 / requests
            : null;

    /// <summary>Round by round, <paramref name="other"/>'s value minus plain's, where both were measured.</summary>
    private static List<double> Differences(OverheadVariant plain, OverheadVariant other, Func<OverheadRound, double?> value) =>
        [.. plain.Rounds.Join(other.Rounds, p => p.Round, o => o.Round, (p, o) => value(p) is { } a && value(o) is { } b ? b - a : (double?)null).OfType<double>()];

    private static (double? Mean, double? Min, double? Max) Spread(List<double> values) =>
        values.Count > 0 ? (values.Average(), values.Min(), values.Max()) : (null, null, null);

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count > 0 ? present.Average() : null;
    }
}
