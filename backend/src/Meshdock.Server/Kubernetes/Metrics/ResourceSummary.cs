namespace Meshdock.Server.Kubernetes.Metrics;

/// <summary>
/// A group's readings summarised: mean and max of the group's summed CPU (millicores) and memory (MiB), the most pods
/// seen at once, and the memory per pod (mean memory over those pods). Null figures when nothing was read.
/// </summary>
public sealed record ResourceSummary(
    int Samples, int Pods, double? CpuMeanMillicores, double? CpuMaxMillicores, double? MemoryMeanMiB, double? MemoryMaxMiB)
{
    public double? MemoryPerPodMiB => Pods > 0 && MemoryMeanMiB is { } memory ? memory / Pods : null;

    /// <summary>CPU spent per 1,000 requests a second: the mean CPU over the rate in thousands.</summary>
    public double? CpuPerThousandRps(double? rps) => CpuMeanMillicores is { } cpu && rps is > 0 and var r ? cpu / (r / 1000) : null;

    public static ResourceSummary Of(IReadOnlyList<GroupSample> samples) => samples.Count == 0
        ? new ResourceSummary(0, 0, null, null, null, null)
        : new ResourceSummary(
            samples.Count,
            samples.Max(s => s.Pods),
            samples.Average(s => s.CpuMillicores),
            samples.Max(s => s.CpuMillicores),
            samples.Average(s => s.MemoryMiB),
            samples.Max(s => s.MemoryMiB));
}
