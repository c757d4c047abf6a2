using Meshdock.Server.Kubernetes.Metrics;

namespace Meshdock.Server.Features.MetricsServer;

/// <summary>
/// <c>GET /api/metrics-server</c>: whether the metrics API is served (<c>installed</c>, <c>missing</c>,
/// <c>not-ready</c>), a sentence saying so, what a load test loses without it, and the chart an install would use.
/// </summary>
public sealed record MetricsServerStatus(string State, string Sentence, string? WithoutIt, string ChartVersion, bool Installing)
{
    public static MetricsServerStatus Of(MetricsApiStatus api, string chartVersion, bool installing) =>
        new(api.State, api.Sentence, api.Serves ? null : MetricsApiStatus.Loss, chartVersion, installing);
}
