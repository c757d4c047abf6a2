using Meshdock.KubeEmulator.Admission;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator;

/// <summary>The emulated cluster's state shared by the API endpoints and the simulated controllers.</summary>
public sealed class EmulatedCluster(KubeEmulatorOptions options) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the emulator stops, ending the timers of pod lifecycles and graceful deletions.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    public KubeEmulatorOptions Options { get; } = options;

    public ResourceCatalog Catalog { get; } = new(options.MetricsApi);

    public ObjectStore Store { get; } = new();

    public Defaulter Defaulter { get; } = new();

    public FaultInjection Faults { get; } = new(options);

    /// <summary>The logs of pods whose containers really run (Meshdock's runner).</summary>
    public Runner.PodLogs Logs { get; } = new();

    public ResourceType Type(string group, string plural) => Catalog.Get(group, plural);
}
