using System.Globalization;
using System.Text.RegularExpressions;
using Meshdock.Load;
using Meshdock.Load.Histograms;

namespace Meshdock.Cli.Perf;

/// <summary>A --fail-if condition such as <c>p99&gt;50ms</c>, <c>errors&gt;1%</c> or <c>rps&lt;900</c>.</summary>
internal sealed partial record Threshold(string Text, string Metric, string Operator, double Value, string Unit)
{
    public static bool TryParse(string text, out Threshold? threshold, out string? problem)
    {
        threshold = null;
        var match = Pattern().Match(text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant());
        if (!match.Success)
        {
            problem = $"--fail-if '{text}' is not a condition; write it like p99>50ms, p50>=2s, max>1s, errors>1%, errors>0 or rps<900.";
            return false;
        }
        var metric = match.Groups["metric"].Value;
        var unit = match.Groups["unit"].Value;
        var isLatency = metric is not ("errors" or "rps");
        if (isLatency && unit == "%" || metric == "rps" && unit.Length > 0 || metric == "errors" && unit is not ("" or "%"))
        {
            problem = $"--fail-if '{text}': the unit '{unit}' does not fit {metric}; latencies take ms, s or us, errors a count or %, rps a number.";
            return false;
        }
        if (metric.StartsWith('p') && double.Parse(metric[1..], CultureInfo.InvariantCulture) is <= 0 or > 100)
        {
            problem = $"--fail-if '{text}': a percentile must be between p0 and p100.";
            return false;
        }
        threshold = new Threshold(text, metric, match.Groups["op"].Value,
            double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture), isLatency && unit.Length == 0 ? "ms" : unit);
        problem = null;
        return true;
    }

    /// <summary>The measured value in the threshold's unit, and whether the condition holds (the run fails).</summary>
    public (double Actual, bool Crossed) Evaluate(LoadResult result)
    {
        var actual = Metric switch
        {
            "rps" => result.ActualRps,
            "errors" when Unit == "%" => result.Requests == 0 ? 0 : 100.0 * Failures(result) / result.Requests,
            "errors" => Failures(result),
            _ => ToUnit(LatencyMs(result)),
        };
        var crossed = Operator switch
        {
            ">" => actual > Value,
            ">=" => actual >= Value,
            "<" => actual < Value,
            _ => actual <= Value,
        };
        return (actual, crossed);
    }

    private double LatencyMs(LoadResult result) => Metric switch
    {
        "min" => result.Latency.MinMs,
        "max" => result.Latency.MaxMs,
        "mean" => result.Latency.MeanMs,
        _ => result.Latency.Count == 0 ? 0 : LatencyHistograms.ToMs(
            HistogramCodec.Decode(result.Latency.Histogram).GetValueAtPercentile(double.Parse(Metric[1..], CultureInfo.InvariantCulture))),
    };

    private double ToUnit(double ms) => Unit switch
    {
        "s" => ms / 1000,
        "us" => ms * 1000,
        _ => ms,
    };

    /// <summary>Requests without a response, responses with a status of 400 or more, gRPC answers other than OK.</summary>
    private static long Failures(LoadResult result) => result.ErrorCount + result.StatusCodes.Where(s => s.Key >= 400).Sum(s => s.Value)
        + result.GrpcStatusCodes.Where(s => s.Key != "OK").Sum(s => s.Value);

    [GeneratedRegex(@"^(?<metric>p\d+(\.\d+)?|min|max|mean|errors|rps)(?<op><=|>=|<|>)(?<value>\d+(\.\d+)?)(?<unit>ms|us|s|%)?$")]
    private static partial Regex Pattern();
}
