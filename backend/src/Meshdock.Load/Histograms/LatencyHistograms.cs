using HdrHistogram;

namespace Meshdock.Load.Histograms;

/// <summary>The one histogram shape every latency in Meshdock is recorded in, so any two can be added exactly.</summary>
public static class LatencyHistograms
{
    /// <summary>Values are nanoseconds.</summary>
    public const long Lowest = 1;

    /// <summary>Two hours: a corrected latency can exceed the run length when a connection falls far behind.</summary>
    public const long Highest = 2L * 3600 * 1_000_000_000;

    /// <summary>Three significant digits: 0.1 % resolution.</summary>
    public const int SignificantDigits = 3;

    public static LongHistogram Create() => new(Lowest, Highest, SignificantDigits);

    /// <summary>A recorder that many threads may write to while another thread takes interval snapshots.</summary>
    internal static Recorder CreateRecorder() =>
        new(Lowest, Highest, SignificantDigits, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));

    /// <summary>Clamps a duration in nanoseconds into the recordable range.</summary>
    internal static long Clamp(long nanoseconds) => Math.Clamp(nanoseconds, Lowest, Highest);

    public static double ToMs(long nanoseconds) => nanoseconds / 1_000_000.0;
}
