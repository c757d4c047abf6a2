namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>The report's lines, computed from the rounds of its two variants (round r of one paired with round r of the other).</summary>
public static class OverheadFigures
{
    public static IReadOnlyList<OverheadFigure> Of(OverheadVariant plain, OverheadVariant meshed)
    {
        var pairs = plain.Rounds.Join(meshed.Rounds, p => p.Round, m => m.Round, (p, m) => (Plain: p, Meshed: m)).ToList();
        OverheadFigure Both(string key, string label, string unit, Func<OverheadRound, double?> value)
        {
            var deltas = pairs.Select(p => value(p.Plain) is { } a && value(p.Meshed) is { } b ? b - a : (double?)null).OfType<double>().ToList();
            return new OverheadFigure(key, label, unit, Mean(plain.Rounds.Select(value)), Mean(meshed.Rounds.Select(value)),
                deltas.Count > 0 ? deltas.Average() : null, deltas.Count > 0 ? deltas.Min() : null, deltas.Count > 0 ? deltas.Max() : null);
        }
        OverheadFigure MeshOnly(string key, string label, string unit, Func<OverheadRound, double?> value)
        {
            var values = meshed.Rounds.Select(value).OfType<double>().ToList();
            var mean = values.Count > 0 ? values.Average() : (double?)null;
            return new OverheadFigure(key, label, unit, null, mean, mean, values.Count > 0 ? values.Min() : null, values.Count > 0 ? values.Max() : null);
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

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count > 0 ? present.Average() : null;
    }
}
