using Meshdock.Server.Kubernetes.Metrics;

namespace Meshdock.Server.Features.MetricsServer;

/// <summary>
/// <c>GET /api/metrics-server</c>: whether the metrics API is served (<c>installed</c>, <c>missing</c>,
/// <c>not-ready</c>), a sentence saying so, what a load test loses without it, and the chart an install would use.
/// </summary>
public sealed record MetricsServerStatus(string State, string Sentence, string? WithoutIt, string ChartVersion, bool Installing)
{
    /// <summary>The pre-flight sentence of a run or a report when the metrics API is not served.</summary>
    public const string Loss =
        "Without metrics-server, results keep latency, throughput and success rate but have no CPU or memory figures: "
        + "no proxy CPU per 1,000 requests a second, no memory per pod and nothing about the control plane. Install it from the Performance page (one click, about a minute).";

    public static MetricsServerStatus Of(MetricsApiStatus api, string chartVersion, bool installing) =>
        new(api.State, api.Sentence, api.Serves ? null : Loss, chartVersion, installing);
}
