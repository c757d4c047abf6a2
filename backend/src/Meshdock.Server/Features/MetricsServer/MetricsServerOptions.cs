namespace Meshdock.Server.Features.MetricsServer;

/// <summary>Configuration section <c>MetricsServer</c>: where metrics-server's chart comes from and how long to wait for it.</summary>
public sealed class MetricsServerOptions
{
    public const string Section = "MetricsServer";

    /// <summary>The upstream chart repository (kubernetes-sigs/metrics-server); empty when <see cref="Chart"/> is a local path.</summary>
    public string? Repository { get; set; } = "https://kubernetes-sigs.github.io/metrics-server/";

    /// <summary>The chart's name in the repository, or a chart archive or folder when there is no repository (tests).</summary>
    public string Chart { get; set; } = "metrics-server";

    /// <summary>Chart 3.13.1 is metrics-server 0.8.1.</summary>
    public string Version { get; set; } = "3.13.1";

    public string Namespace { get; set; } = "kube-system";

    public string Release { get; set; } = "metrics-server";

    /// <summary>How long the install waits for the Deployment and then for the metrics API to answer.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
