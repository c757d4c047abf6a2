namespace Meshdock.Load.Histograms;

/// <summary>
/// Response sizes in bytes, bucketed as Fortio buckets them (its <c>stats.Histogram</c>: fixed bucket bounds times a
/// divider, 100 for total sizes and 5 for header sizes), so an export reads like Fortio's own <c>Sizes</c> and
/// <c>HeaderSizes</c>. Recording is a handful of uncontended interlocked operations on a worker's own counters:
/// loops of one worker may run on different threads.
/// </summary>
internal sealed class SizeRecorder(double divider)
{
    // Fortio's bucket bounds (stats.histogramBucketValues), in units of the divider. Bucket 0 holds values ≤ 0,
    // bucket i (1 ≤ i < Bounds.Length) values in (Bounds[i-1], Bounds[i]], the last one values above the last bound.
    private static readonly int[] Bounds =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100,
        120, 140, 160, 180, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
        2000, 3000, 4000, 5000, 7500, 10000, 20000, 30000, 40000, 50000, 75000, 100000,
    ];

    /// <summary>Fortio's divider for the whole response (headers and body).</summary>
    public const double TotalDivider = 100;

    /// <summary>Fortio's divider for the status line and headers.</summary>
    public const double HeaderDivider = 5;

    private readonly double _divider = divider;
    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sum;
    private double _sumOfSquares;
    private long _min = long.MaxValue;
    private long _max = -1;

    public void Record(long bytes)
    {
        Interlocked.Increment(ref _counts[BucketOf(bytes)]);
        Interlocked.Add(ref _sum, bytes);
        double square = (double)bytes * bytes;
        double seen, added;
        do
        {
            seen = Volatile.Read(ref _sumOfSquares);
            added = seen + square;
        }
        while (Interlocked.CompareExchange(ref _sumOfSquares, added, seen) != seen);
        // Responses of one target are mostly the same size: after the first, these are plain reads.
        for (var min = Volatile.Read(ref _min); bytes < min; min = Volatile.Read(ref _min))
            if (Interlocked.CompareExchange(ref _min, bytes, min) == min)
                break;
        for (var max = Volatile.Read(ref _max); bytes > max; max = Volatile.Read(ref _max))
            if (Interlocked.CompareExchange(ref _max, bytes, max) == max)
                break;
    }

    /// <summary>Fortio's bucket for a value: scaled by the divider, with its epsilon so a bound falls in the bucket it ends.</summary>
    private int BucketOf(long bytes)
    {
        var scaled = bytes / _divider - 0.0001;
        if (scaled <= Bounds[0])
            return 0;
        if (scaled > Bounds[^1])
            return Bounds.Length;
        var index = Bounds.AsSpan().BinarySearch((int)scaled);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>The sizes of every worker, merged (read after the loops ended); null when no response was sized.</summary>
    public static SizeStats? Summarize(IEnumerable<SizeRecorder> recorders)
    {
        var all = recorders.ToList();
        if (all.Count == 0)
            return null;
        var divider = all[0]._divider;
        var counts = new long[Bounds.Length + 1];
        long sum = 0, min = long.MaxValue, max = -1;
        double sumOfSquares = 0;
        foreach (var recorder in all)
        {
            for (var i = 0; i < counts.Length; i++)
                counts[i] += Volatile.Read(ref recorder._counts[i]);
            sum += Volatile.Read(ref recorder._sum);
            sumOfSquares += Volatile.Read(ref recorder._sumOfSquares);
            min = Math.Min(min, Volatile.Read(ref recorder._min));
            max = Math.Max(max, Volatile.Read(ref recorder._max));
        }
        var count = counts.Sum();
        if (count == 0)
            return null;

        var average = (double)sum / count;
        var buckets = new List<SizeBucket>();
        var previousBound = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var bound = i < Bounds.Length ? Bounds[i] * divider : double.PositiveInfinity;
            if (counts[i] > 0)
            {
                // As Fortio exports: the first bucket starts at Min, the last ends at Max.
                var start = buckets.Count == 0 ? min : previousBound;
                buckets.Add(new SizeBucket(start, Math.Min(bound, max), counts[i]));
            }
            if (i < Bounds.Length)
                previousBound = bound;
        }
        buckets[^1] = buckets[^1] with { End = max };
        return new SizeStats
        {
            Count = count,
            Min = min,
            Max = max,
            Sum = sum,
            Avg = average,
            StdDev = Math.Sqrt(Math.Max(0, sumOfSquares / count - average * average)),
            Buckets = buckets,
        };
    }
}
