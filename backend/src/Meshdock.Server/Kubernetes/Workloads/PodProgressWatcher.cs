using k8s;
using k8s.Models;

namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>What to wait for: the pods to report and the workloads whose readiness (or absence) ends the wait.</summary>
public sealed record ReadinessTarget(string Namespace, string? LabelSelector, IReadOnlyList<(WorkloadKind Kind, string Name, string Namespace)> Workloads, string What);

/// <summary>Wait until every workload is Ready (install), or until none exists any more (uninstall).</summary>
public enum WaitFor { Ready, Gone }

/// <summary>Thrown when workloads do not become ready; the message says why and what to do.</summary>
public sealed class WorkloadsNotReadyException(string message) : Exception(message);

/// <summary>
/// Watches a namespace's pods and reports every state change (Pending → ContainerCreating → Running → Ready,
/// restarts, image pull errors, deletions) while waiting for a set of workloads to become Ready or to go away.
/// Fails early when a pod cannot pull its image, and with the reasons at hand when the timeout passes.
/// </summary>
public sealed class PodProgressWatcher(TimeProvider time, ILogger<PodProgressWatcher> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    public async Task WaitAsync(
        IKubernetes client,
        ReadinessTarget target,
        WaitFor waitFor,
        TimeSpan timeout,
        Func<PodChange, Task> onPodChange,
        Func<WorkloadState, Task> onWorkload,
        CancellationToken cancellationToken)
    {
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pods = new PodBook(onPodChange);
        var watch = WatchAsync(client, target, pods, watchStop.Token);
        try
        {
            var deadline = time.GetUtcNow() + timeout;
            var reported = new HashSet<string>();
            while (true)
            {
                var states = new List<WorkloadState>();
                foreach (var (kind, name, ns) in target.Workloads)
                {
                    states.Add(await WorkloadHealth.ReadAsync(client, kind, name, ns, cancellationToken));
                }
                var reached = states.Where(s => waitFor == WaitFor.Ready ? s.Ready : !s.Exists).ToList();
                foreach (var state in reached.Where(s => reported.Add(s.Title)))
                {
                    await pods.Serialized(() => onWorkload(state));
                }
                if (reached.Count == states.Count)
                {
                    // The workload's status can be read before the watch delivered the pods' last change; let the
                    // watch catch up briefly so the log ends with every pod Ready (or gone).
                    var settle = time.GetUtcNow() + SettleTime;
                    while (!pods.Settled(waitFor) && time.GetUtcNow() < settle)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
                    }
                    return;
                }
                if (waitFor == WaitFor.Ready && pods.ImageFailure is { } failed)
                {
                    throw new WorkloadsNotReadyException(
                        $"Pod {failed.Name} in {target.Namespace} cannot pull its image ({failed.Reason}{(failed.Message is { Length: > 0 } m ? ": " + m : "")}). " +
                        "Check the image name and tag and that the cluster can reach the registry (try docker pull on the host), then retry.");
                }
                if (time.GetUtcNow() >= deadline)
                {
                    throw new WorkloadsNotReadyException(waitFor == WaitFor.Ready
                        ? TimeoutSentence(target, timeout, states, pods.Problems())
                        : $"{target.What} was still there after {Minutes(timeout)}: " +
                          string.Join("; ", states.Where(s => s.Exists).Select(s => s.Title)) +
                          $" still exist. Something may hold them (a finalizer); look with kubectl -n {target.Namespace} get all, then retry.");
                }
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        finally
        {
            await watchStop.CancelAsync();
            await watch;
        }
    }

    private static string TimeoutSentence(ReadinessTarget target, TimeSpan timeout, List<WorkloadState> states, List<PodSnapshot> problems)
    {
        var minutes = Minutes(timeout);
        var notReady = string.Join("; ", states.Where(s => !s.Ready).Select(s => s.Detail));
        var pods = problems.Count == 0 ? "" : " Pods in trouble: " + string.Join("; ", problems.Select(p =>
            $"{p.Name} is {p.Label}{(p.Message is { Length: > 0 } m ? $" ({m})" : "")}{(p.Restarts > 0 ? $", {p.Restarts} restarts" : "")}")) + ".";
        return $"{target.What} did not become ready within {minutes}: {notReady}.{pods} " +
               $"Look at the pods' events and logs (kubectl -n {target.Namespace} describe pods), free resources if the node is full, then retry.";
    }

    private static string Minutes(TimeSpan timeout) =>
        timeout.TotalMinutes >= 1 ? $"{timeout.TotalMinutes:0.#} min" : $"{timeout.TotalSeconds:0} s";

    // Lists, then watches from the list's resourceVersion; a watch the server ends (they time out) or that fails is
    // resumed with a fresh list, so no change is lost and none is reported twice.
    private async Task WatchAsync(IKubernetes client, ReadinessTarget target, PodBook pods, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await client.CoreV1.ListNamespacedPodAsync(target.Namespace, labelSelector: target.LabelSelector, cancellationToken: cancellationToken);
                await pods.ReplaceAllAsync(list.Items);
                var events = client.CoreV1.WatchListNamespacedPodAsync(
                    target.Namespace,
                    labelSelector: target.LabelSelector,
                    resourceVersion: list.Metadata?.ResourceVersion,
                    timeoutSeconds: 300,
                    cancellationToken: cancellationToken);
                await foreach (var (type, pod) in events.WithCancellation(cancellationToken))
                {
                    if (type == WatchEventType.Deleted)
                    {
                        await pods.RemoveAsync(pod);
                    }
                    else if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        await pods.UpdateAsync(pod);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The readiness loop keeps reading the workloads, so a broken watch only delays pod events.
                LogWatchFailed(logger, target.Namespace, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static void LogWatchFailed(ILogger logger, string ns, string message) => WatchFailed(logger, ns, message, null);

    private static readonly Action<ILogger, string, string, Exception?> WatchFailed =
        LoggerMessage.Define<string, string>(LogLevel.Debug, new EventId(1, "PodWatchFailed"), "Pod watch in {Namespace} ended: {Message}; resuming");

    /// <summary>The pods seen so far; turns every update into a change event when something a user cares about moved.</summary>
    private sealed class PodBook(Func<PodChange, Task> onChange) : IDisposable
    {
        private readonly Dictionary<string, PodSnapshot> _pods = [];
        private readonly SemaphoreSlim _gate = new(1, 1);

        public PodSnapshot? ImageFailure { get; private set; }

        public List<PodSnapshot> Problems()
        {
            lock (_pods)
            {
                return _pods.Values.Where(p => !p.Ready && (p.IsProblem || p.Restarts > 0 || p.Reason is not null)).ToList();
            }
        }

        public void Dispose() => _gate.Dispose();

        public bool Settled(WaitFor waitFor)
        {
            lock (_pods)
            {
                return waitFor == WaitFor.Ready ? _pods.Count > 0 && _pods.Values.All(p => p.Ready) : _pods.Count == 0;
            }
        }

        public Task Serialized(Func<Task> action) => Locked(action);

        public Task UpdateAsync(V1Pod pod) => Locked(() => Apply(PodSnapshot.From(pod)));

        public Task RemoveAsync(V1Pod pod) => Locked(async () =>
        {
            var name = pod.Metadata?.Name ?? "?";
            PodSnapshot? gone;
            lock (_pods)
            {
                if (!_pods.Remove(name, out gone))
                {
                    return;
                }
            }
            await Emit(gone with { Reason = "Deleted", Ready = false }, $"{name}: deleted", deleted: true);
        });

        public Task ReplaceAllAsync(IList<V1Pod> current) => Locked(async () =>
        {
            var names = current.Select(p => p.Metadata?.Name).ToHashSet();
            List<PodSnapshot> vanished;
            lock (_pods)
            {
                vanished = _pods.Values.Where(p => !names.Contains(p.Name)).ToList();
                foreach (var pod in vanished)
                {
                    _pods.Remove(pod.Name);
                }
            }
            foreach (var pod in vanished)
            {
                await Emit(pod with { Reason = "Deleted", Ready = false }, $"{pod.Name}: deleted", deleted: true);
            }
            foreach (var pod in current)
            {
                await Apply(PodSnapshot.From(pod));
            }
        });

        private async Task Apply(PodSnapshot now)
        {
            PodSnapshot? before;
            lock (_pods)
            {
                _pods.TryGetValue(now.Name, out before);
                _pods[now.Name] = now;
            }
            if (now.HasImageFailure)
            {
                ImageFailure ??= now;
            }
            var message = Describe(before, now);
            if (message is not null)
            {
                await Emit(now, message, deleted: false);
            }
        }

        private static string? Describe(PodSnapshot? before, PodSnapshot now)
        {
            var detail = now.Message is { Length: > 0 } m && now.IsProblem ? $" ({m})" : "";
            if (before is null)
            {
                return $"{now.Name}: {now.Label}{detail}";
            }
            if (now.Restarts > before.Restarts)
            {
                return $"{now.Name}: restarted ({now.Restarts} restart{(now.Restarts == 1 ? "" : "s")}), now {now.Label}{detail}";
            }
            return now.Label != before.Label || now.Phase != before.Phase
                ? $"{now.Name}: {before.Label} → {now.Label}{detail}"
                : null;
        }

        private Task Emit(PodSnapshot pod, string message, bool deleted)
        {
            int ready, total;
            lock (_pods)
            {
                ready = _pods.Values.Count(p => p.Ready);
                total = _pods.Count;
            }
            return onChange(new PodChange(pod, message, deleted, ready, total));
        }

        private async Task Locked(Func<Task> action)
        {
            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                await action();
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
