namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>Settings of performance runs, bound from the configuration section "Perf" (<c>Perf__RunnerImage=...</c>).</summary>
public sealed class PerfOptions
{
    public const string Section = "Perf";

    /// <summary>What standalone mode runs when nothing is configured: the extension's published image, which holds
    /// the CLI; the Kubernetes emulator runs pods of it as local processes.</summary>
    public const string DefaultRunnerImage = Meshdock.Load.Cluster.RunnerJob.DefaultImage;

    /// <summary>
    /// The image the cluster runner's pods run (it must hold Meshdock's CLI at <see cref="RunnerCli"/>). Empty: the
    /// extension's own image in container mode, <see cref="DefaultRunnerImage"/> in standalone mode.
    /// </summary>
    public string? RunnerImage { get; set; }

    /// <summary>Where the CLI is inside the runner image (the Dockerfile publishes it there).</summary>
    public string RunnerCli { get; set; } = Meshdock.Load.Cluster.RunnerJob.DefaultCliPath;

    /// <summary>How long a finished runner Job stays for inspection (<c>kubectl logs</c>) before Kubernetes removes it.</summary>
    public int JobTtlSeconds { get; set; } = Meshdock.Load.Cluster.RunnerJob.DefaultTtlSeconds;

    /// <summary>
    /// How often a cluster run reads the metrics API. metrics-server refreshes each pod every 15 s by default, so
    /// reading more often only finds the same figures (which are counted once).
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The name by which a container reaches its host's loopback services. In container mode a loopback
    /// target is sent there instead, when the name resolves (Docker Desktop provides it).</summary>
    public string HostGateway { get; set; } = "host.docker.internal";
}
