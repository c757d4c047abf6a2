using HdrHistogram;

namespace Meshdock.Load.Histograms;

/// <summary>Turns a nanosecond histogram into the millisecond figures of a <see cref="LatencyStats"/>.</summary>
public static class LatencySummary
{
    private const int BucketsPerDecade = 10;

    public static LatencyStats Summarize(HistogramBase histogram)
    {
        var count = histogram.TotalCount;
        double At(double percentile) => count == 0 ? 0 : LatencyHistograms.ToMs(histogram.GetValueAtPercentile(percentile));
        return new LatencyStats
        {
            Count = count,
            MinMs = count == 0 ? 0 : LatencyHistograms.ToMs(MinValue(histogram)),
            MeanMs = count == 0 ? 0 : histogram.GetMean() / 1_000_000.0,
            StdDevMs = count == 0 ? 0 : histogram.GetStdDeviation() / 1_000_000.0,
            P50Ms = At(50),
            P75Ms = At(75),
            P90Ms = At(90),
            P99Ms = At(99),
            P999Ms = At(99.9),
            P9999Ms = At(99.99),
            MaxMs = count == 0 ? 0 : LatencyHistograms.ToMs(histogram.GetMaxValue()),
            Distribution = Distribution(histogram),
            PercentileCurve = count == 0 ? [] : histogram.Percentiles(5)
                .Select(v => new PercentilePoint(v.PercentileLevelIteratedTo, LatencyHistograms.ToMs(v.ValueIteratedTo)))
                .ToList(),
            Histogram = HistogramCodec.Encode(histogram),
        };
    }

    /// <summary>The smallest recorded value (HdrHistogram .NET has no GetMinValue).</summary>
    public static long MinValue(HistogramBase histogram)
    {
        foreach (var value in histogram.RecordedValues())
            return histogram.LowestEquivalentValue(value.ValueIteratedTo);
        return 0;
    }

    /// <summary>Counts per logarithmic bucket: edges at 10^(k/10) nanoseconds, empty buckets at either end left out.</summary>
    public static IReadOnlyList<HistogramBucket> Distribution(HistogramBase histogram)
    {
        var counts = new SortedDictionary<int, long>();
        foreach (var value in histogram.RecordedValues())
        {
            var ns = Math.Max(1, histogram.MedianEquivalentValue(value.ValueIteratedTo));
            var k = (int)Math.Floor(Math.Log10(ns) * BucketsPerDecade);
            counts[k] = counts.GetValueOrDefault(k) + value.CountAtValueIteratedTo;
        }
        if (counts.Count == 0)
            return [];
        var buckets = new List<HistogramBucket>();
        for (var k = counts.Keys.First(); k <= counts.Keys.Last(); k++)
            buckets.Add(new HistogramBucket(Edge(k), Edge(k + 1), counts.GetValueOrDefault(k)));
        return buckets;
    }

    private static double Edge(int k) => Math.Pow(10, (double)k / BucketsPerDecade) / 1_000_000.0;
}
