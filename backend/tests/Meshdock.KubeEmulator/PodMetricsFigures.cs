using System.Collections.Concurrent;
using System.Globalization;

namespace Meshdock.KubeEmulator;

/// <summary>
/// The usage the metrics API reports per container: 2m CPU and 16Mi unless a test sets other figures for the
/// containers of some pods (by namespace, pod name prefix and container name). Tests change it at any time; in
/// process mode <c>PUT /emulator/pod-metrics</c> does the same.
/// </summary>
public sealed class PodMetricsFigures
{
    public const long DefaultNanoCpu = 2_000_000;
    public const long DefaultBytes = 16L * 1024 * 1024;

    private readonly ConcurrentDictionary<(string Namespace, string PodPrefix, string Container), Usage> _figures = new();

    /// <summary>CPU and memory as Kubernetes quantities ("12m", "0.25", "34Mi", "120M").</summary>
    /// <exception cref="FormatException">A figure is not a quantity.</exception>
    public void Set(string ns, string podPrefix, string container, string cpu, string memory)
    {
        var usage = new Usage(
            (long)Math.Round(Quantity.Parse(cpu, "cpu") * 1_000_000_000m),
            (long)Math.Round(Quantity.Parse(memory, "memory")));
        _figures[(ns, podPrefix, container)] = usage;
    }

    public void Clear() => _figures.Clear();

    /// <summary>The container's usage: the longest matching pod prefix wins.</summary>
    public Usage Of(string ns, string pod, string container) =>
        _figures.Where(f => f.Key.Namespace == ns && f.Key.Container == container && pod.StartsWith(f.Key.PodPrefix, StringComparison.Ordinal))
            .OrderByDescending(f => f.Key.PodPrefix.Length)
            .Select(f => f.Value)
            .DefaultIfEmpty(new Usage(DefaultNanoCpu, DefaultBytes))
            .First();

    public readonly record struct Usage(long NanoCpu, long Bytes)
    {
        /// <summary>As metrics-server writes them: CPU in nanocores ("12000000n"), memory in kibibytes ("34816Ki").</summary>
        public string CpuText => NanoCpu.ToString(CultureInfo.InvariantCulture) + "n";

        public string MemoryText => (Bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki";
    }

    /// <summary>Kubernetes quantities: a decimal number with an optional SI (n, u, m, k, M, G, T) or binary (Ki … Ti) suffix.</summary>
    internal static class Quantity
    {
        private static readonly (string Suffix, decimal Factor)[] Suffixes =
        [
            ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
            ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1_000_000m), ("G", 1_000_000_000m), ("T", 1_000_000_000_000m),
        ];

        public static decimal Parse(string text, string what)
        {
            var trimmed = text.Trim();
            foreach (var (suffix, factor) in Suffixes)
            {
                if (trimmed.EndsWith(suffix, StringComparison.Ordinal) && TryNumber(trimmed[..^suffix.Length], out var scaled))
                {
                    return scaled * factor;
                }
            }
            return TryNumber(trimmed, out var plain)
                ? plain
                : throw new FormatException($"{what} '{text}' is not a Kubernetes quantity such as 12m, 0.5, 34Mi or 120M");
        }

        private static bool TryNumber(string text, out decimal value) =>
            decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= 0;
    }
}
