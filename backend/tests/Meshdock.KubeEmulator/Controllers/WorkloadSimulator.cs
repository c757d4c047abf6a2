using Meshdock.KubeEmulator.Api;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// The emulated control plane: one loop over every change in the store, dispatching to the controller of what
/// changed and of its owner (a pod's change reconciles its ReplicaSet, whose change reconciles its Deployment),
/// and a timer per new pod for its lifecycle. It subscribes in <see cref="StartAsync"/>, before the API accepts
/// requests, so no change is missed.
/// </summary>
public sealed class WorkloadSimulator : IHostedService, IAsyncDisposable
{
    private readonly ControllerContext _context;
    private readonly DeploymentController _deployments;
    private readonly ReplicaSetController _replicaSets;
    private readonly DaemonSetController _daemonSets;
    private readonly StatefulSetController _statefulSets;
    private readonly JobController _jobs;
    private readonly PodLifecycle _pods;
    private readonly NamespaceController _namespaces;
    private readonly CancellationTokenSource _stop = new();
    private WatchSubscription? _subscription;
    private Task? _loop;
    private Task? _resync;

    public WorkloadSimulator(EmulatedCluster cluster)
    {
        _context = new ControllerContext(cluster);
        _deployments = new DeploymentController(_context);
        _replicaSets = new ReplicaSetController(_context);
        _daemonSets = new DaemonSetController(_context);
        _statefulSets = new StatefulSetController(_context);
        _jobs = new JobController(_context);
        _pods = new PodLifecycle(_context);
        _namespaces = new NamespaceController(_context);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = _context.Store.Subscribe(null, null, null);
        _loop = Task.Run(() => RunAsync(_subscription, _stop.Token), CancellationToken.None);
        _resync = Task.Run(() => ResyncAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Time passes without changes too: re-check rollouts once a second for their progress deadline.</summary>
    private async Task ResyncAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                _context.Store.Atomically(() =>
                {
                    foreach (var deployment in _deployments.Rolling()) _deployments.Reconcile(deployment.Namespace() ?? "", deployment.Name());
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(WatchSubscription subscription, CancellationToken ct)
    {
        try
        {
            await foreach (var change in subscription.Changes.ReadAllAsync(ct))
            {
                try
                {
                    // Under the store's lock, so that the periodic resync never reconciles at the same time.
                    _context.Store.Atomically(() => Handle(change));
                }
                catch (KubeApiException)
                {
                    // Something changed under the controller (deleted, or a client wrote first); the next change reconciles again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Handle(StoreChange change)
    {
        var type = change.Resource;
        var obj = change.Item;
        var ns = obj.Namespace() ?? "";
        if (type.Custom) return;
        switch (type.Kind)
        {
            case "Deployment" when change.Type != "DELETED":
                _deployments.Reconcile(ns, obj.Name());
                break;
            case "ReplicaSet":
                if (change.Type != "DELETED") _replicaSets.Reconcile(ns, obj.Name());
                ReconcileOwner(obj);
                break;
            case "DaemonSet" when change.Type != "DELETED":
                _daemonSets.Reconcile(ns, obj.Name());
                break;
            case "StatefulSet" when change.Type != "DELETED":
                _statefulSets.Reconcile(ns, obj.Name());
                break;
            case "Job" when change.Type != "DELETED":
                _jobs.Reconcile(ns, obj.Name());
                break;
            case "Pod":
                if (change.Type == "ADDED")
                {
                    var name = obj.Name();
                    var uid = obj.Uid();
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await _pods.RunAsync(ns, name, uid, _context.Cluster.Stopping);
                        }
                        catch (OperationCanceledException)
                        {
                            // Emulator stopping.
                        }
                    }, CancellationToken.None);
                }
                // A deleted pod's log goes with it, as the kubelet removes a container's log with the pod.
                if (change.Type == "DELETED") _context.Cluster.Logs.Forget(obj.Uid());
                ReconcileOwner(obj);
                break;
            case "Namespace" when change.Type == "ADDED":
                _namespaces.Populate(obj.Name());
                break;
        }
    }

    private void ReconcileOwner(JsonObject obj)
    {
        if (obj.At("metadata", "ownerReferences") is not JsonArray refs) return;
        var owner = refs.FirstOrDefault(r => r.Bool("controller") == true);
        if (owner is null) return;
        var ns = obj.Namespace() ?? "";
        var name = owner.Str("name") ?? "";
        switch (owner.Str("kind"))
        {
            case "ReplicaSet": _replicaSets.Reconcile(ns, name); break;
            case "Deployment": _deployments.Reconcile(ns, name); break;
            case "DaemonSet": _daemonSets.Reconcile(ns, name); break;
            case "StatefulSet": _statefulSets.Reconcile(ns, name); break;
            case "Job": _jobs.Reconcile(ns, name); break;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_resync is not null) await _resync.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
