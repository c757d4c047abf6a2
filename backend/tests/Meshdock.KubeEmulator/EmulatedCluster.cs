using Meshdock.KubeEmulator.Admission;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator;

/// <summary>The emulated cluster's state shared by the API endpoints and the simulated controllers.</summary>
public sealed class EmulatedCluster : IDisposable
{
    public EmulatedCluster(KubeEmulatorOptions options)
    {
        Options = options;
        Faults = new FaultInjection(options);
        Catalog = new ResourceCatalog(() => MetricsAvailability.Registered(this));
    }

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the emulator stops, ending the timers of pod lifecycles and graceful deletions.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        ServiceEndpoints.Dispose();
    }

    public KubeEmulatorOptions Options { get; }

    public ResourceCatalog Catalog { get; }

    public ObjectStore Store { get; } = new();

    public Defaulter Defaulter { get; } = new();

    public FaultInjection Faults { get; }

    /// <summary>What the metrics API reports per container; tests set figures at any time.</summary>
    public PodMetricsFigures PodMetrics { get; } = new();

    /// <summary>Where runner pods' connections to ClusterIP Services land; tests register loopback ports.</summary>
    public ServiceLoopbacks ServiceEndpoints { get; } = new();

    /// <summary>Containers added to new workload pods by namespace label, in place of a mesh's injection webhook.</summary>
    public SidecarInjection Injection { get; } = new();

    /// <summary>The logs of pods whose containers really run (Meshdock's runner).</summary>
    public Runner.PodLogs Logs { get; } = new();

    public ResourceType Type(string group, string plural) => Catalog.Get(group, plural);
}
