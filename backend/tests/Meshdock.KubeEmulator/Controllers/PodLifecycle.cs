using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Runner;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// What the scheduler and kubelet do to a new pod, on a timer: Pending (as created) → scheduled with its
/// containers in ContainerCreating → Running (not yet ready) → Ready, reaching Ready after
/// <see cref="KubeEmulatorOptions.PodReadyDelay"/>. Pods of Jobs (restartPolicy Never/OnFailure) end Succeeded
/// instead. A pod whose image cannot be pulled (<see cref="FaultInjection"/>) stops at ErrImagePull then
/// ImagePullBackOff, and retries the pull until the fault is removed.
/// </summary>
public sealed class PodLifecycle(ControllerContext context)
{
    private static int s_nextIp = 10;

    private KubeEmulatorOptions Options => context.Cluster.Options;

    public async Task RunAsync(string ns, string name, string uid, CancellationToken ct)
    {
        var delay = Options.PodReadyDelay;
        await Task.Delay(delay * 0.2, ct);
        var pod = Update(ns, name, uid, Scheduled);
        if (pod is null) return;
        context.RecordEvent(pod, "Normal", "Scheduled", $"Successfully assigned {ns}/{name} to {Options.NodeName}", "default-scheduler");

        if (context.Cluster.Faults.FailingImage(pod) is { } image)
        {
            await Task.Delay(delay * 0.2, ct);
            var message = $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": not found";
            pod = Update(ns, name, uid, p => Waiting(p, image, "ErrImagePull", message));
            if (pod is null) return;
            context.RecordEvent(pod, "Warning", "Failed", message, "kubelet");
            await Task.Delay(delay * 0.2, ct);
            pod = Update(ns, name, uid, p => Waiting(p, image, "ImagePullBackOff", $"Back-off pulling image \"{image}\""));
            if (pod is null) return;
            context.RecordEvent(pod, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet");
            // The kubelet retries with a growing back-off and the pod stays in ImagePullBackOff meanwhile; retry
            // often so that a test which removes the fault sees the pod recover quickly.
            while (context.Cluster.Faults.FailingImage(pod) is not null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(200, delay.TotalMilliseconds)), ct);
                pod = context.Store.Get(context.Pods, ns, name);
                if (pod is null || pod.Uid() != uid || pod.Str("metadata", "deletionTimestamp") is not null) return;
            }
            context.RecordEvent(pod, "Normal", "Pulled", $"Successfully pulled image \"{image}\"", "kubelet");
        }

        // A runner pod's log exists from the start of its container, so a reader never sees a placeholder.
        if (RunnerProcess.IsRunner(Options, pod)) context.Cluster.Logs.Open(uid);
        await Task.Delay(delay * 0.4, ct);
        pod = Update(ns, name, uid, Running);
        if (pod is null) return;
        context.RecordEvent(pod, "Normal", "Started", "Started container", "kubelet");

        if (RunnerProcess.IsRunner(Options, pod))
        {
            var exitCode = await RunnerProcess.RunAsync(Options, pod, context.Cluster.Logs.Open(uid), () => Gone(ns, name, uid),
                (serviceNs, service) => context.Store.Get(context.Type("", "services"), serviceNs, service), context.Cluster.ServiceEndpoints, ct);
            // A regular (not native) sidecar, such as a proxy a mesh injected, keeps running after the runner ends, so the
            // kubelet leaves the pod Running and its Job never completes; only native sidecars (init containers with
            // restartPolicy Always, which the emulator does not run as containers) let it finish.
            var sidecars = (pod.At("spec", "containers") as JsonArray ?? []).Count > 1;
            Update(ns, name, uid, p =>
            {
                if (sidecars) RunnerEndedBesideSidecars(p, exitCode);
                else Terminated(p, exitCode);
            });
            return;
        }

        while (context.Cluster.Faults.CrashingContainer(pod) is { } crashing)
        {
            await Task.Delay(delay * 0.4, ct);
            pod = Update(ns, name, uid, p => Crashed(p, crashing));
            if (pod is null) return;
            context.RecordEvent(pod, "Warning", "BackOff", $"Back-off restarting failed container {crashing} in pod {name}_{ns}", "kubelet");
            // The kubelet's back-off, shortened so that a test which removes the fault sees the pod recover quickly.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(200, delay.TotalMilliseconds)), ct);
            pod = Update(ns, name, uid, p => Restarted(p, crashing));
            if (pod is null) return;
        }

        await Task.Delay(delay * 0.4, ct);
        var completes = pod.Str("spec", "restartPolicy") is "Never" or "OnFailure";
        Update(ns, name, uid, completes ? Succeeded : Ready);
    }

    private bool Gone(string ns, string name, string uid) =>
        context.Store.Get(context.Pods, ns, name) is not { } pod || pod.Uid() != uid || pod.Str("metadata", "deletionTimestamp") is not null;

    /// <summary>The container ended by itself: the pod succeeds on exit code 0 and fails otherwise (restartPolicy Never).</summary>
    private static void Terminated(JsonObject pod, int exitCode)
    {
        if (exitCode == 0)
        {
            Succeeded(pod);
            return;
        }
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        status["phase"] = "Failed";
        SetCondition(status, "Ready", "False", now, "PodFailed");
        SetCondition(status, "ContainersReady", "False", now, "PodFailed");
        status["containerStatuses"] = ContainerStatuses(pod, c => new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = exitCode,
                ["reason"] = "Error",
                ["startedAt"] = pod.Str("status", "startTime"),
                ["finishedAt"] = now,
            },
        }, ready: false);
    }

    /// <summary>The runner container ended while the pod's other containers run on: the pod stays Running, not ready.</summary>
    private static void RunnerEndedBesideSidecars(JsonObject pod, int exitCode)
    {
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        var runner = (pod.At("spec", "containers") as JsonArray)![0]!.Str("name");
        SetCondition(status, "Ready", "False", now, "ContainersNotReady");
        SetCondition(status, "ContainersReady", "False", now, "ContainersNotReady");
        status["containerStatuses"] = ContainerStatuses(pod, c => c.Str("name") == runner
            ? new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = exitCode,
                    ["reason"] = exitCode == 0 ? "Completed" : "Error",
                    ["startedAt"] = pod.Str("status", "startTime"),
                    ["finishedAt"] = now,
                },
            }
            : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = pod.Str("status", "startTime") } }, ready: false);
    }

    /// <summary>Applies a change to the pod if it is still the same pod; returns it, or null once it is gone.</summary>
    private JsonObject? Update(string ns, string name, string uid, Action<JsonObject> change) => context.Store.Atomically(() =>
    {
        var pod = context.Store.Get(context.Pods, ns, name);
        if (pod is null || pod.Uid() != uid || pod.Str("metadata", "deletionTimestamp") is not null) return null;
        change(pod);
        return context.Store.Replace(context.Pods, pod);
    });

    private void Scheduled(JsonObject pod)
    {
        pod.Obj("spec")["nodeName"] ??= Options.NodeName;
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        status["phase"] = "Pending";
        status["hostIP"] = "192.168.65.3";
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "192.168.65.3" });
        status["startTime"] = now;
        status["conditions"] = new JsonArray(
            Condition("PodReadyToStartContainers", "False", now),
            Condition("Initialized", "True", now),
            Condition("Ready", "False", now, "ContainersNotReady", ContainersNotReady(pod)),
            Condition("ContainersReady", "False", now, "ContainersNotReady", ContainersNotReady(pod)),
            Condition("PodScheduled", "True", now));
        status["containerStatuses"] = ContainerStatuses(pod, _ => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } }, ready: false);
    }

    private static void Waiting(JsonObject pod, string image, string reason, string message)
    {
        pod.Obj("status")["containerStatuses"] = ContainerStatuses(pod, c =>
            c.Str("image") == image
                ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } }
                : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "PodInitializing" } }, ready: false);
    }

    private static void Running(JsonObject pod)
    {
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        status["phase"] = "Running";
        var ip = $"10.1.0.{Interlocked.Increment(ref s_nextIp) % 250 + 2}";
        status["podIP"] = ip;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        SetCondition(status, "PodReadyToStartContainers", "True", now);
        status["containerStatuses"] = ContainerStatuses(pod, _ => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } }, ready: false);
    }

    /// <summary>The container exited with an error and waits in CrashLoopBackOff; its restart count goes up.</summary>
    private static void Crashed(JsonObject pod, string container)
    {
        var now = JsonPaths.Now();
        foreach (var status in (pod.At("status", "containerStatuses") as JsonArray ?? []).OfType<JsonObject>().Where(c => c.Str("name") == container))
        {
            status["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = status.Str("state", "running", "startedAt"), ["finishedAt"] = now },
            };
            status["state"] = new JsonObject
            {
                ["waiting"] = new JsonObject
                {
                    ["reason"] = "CrashLoopBackOff",
                    ["message"] = $"back-off 10s restarting failed container={container} pod={pod.Name()}_{pod.Namespace()}({pod.Uid()})",
                },
            };
            status["ready"] = false;
            status["started"] = false;
            status["restartCount"] = (status.Number("restartCount") ?? 0) + 1;
        }
        SetCondition(pod.Obj("status"), "Ready", "False", now, "ContainersNotReady");
        SetCondition(pod.Obj("status"), "ContainersReady", "False", now, "ContainersNotReady");
    }

    private static void Restarted(JsonObject pod, string container)
    {
        var now = JsonPaths.Now();
        foreach (var status in (pod.At("status", "containerStatuses") as JsonArray ?? []).OfType<JsonObject>().Where(c => c.Str("name") == container))
        {
            status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
            status["started"] = true;
        }
    }

    private static void Ready(JsonObject pod)
    {
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        SetCondition(status, "Ready", "True", now);
        SetCondition(status, "ContainersReady", "True", now);
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["ready"] = true;
        }
    }

    private static void Succeeded(JsonObject pod)
    {
        var status = pod.Obj("status");
        var now = JsonPaths.Now();
        status["phase"] = "Succeeded";
        SetCondition(status, "Ready", "False", now, "PodCompleted");
        SetCondition(status, "ContainersReady", "False", now, "PodCompleted");
        status["containerStatuses"] = ContainerStatuses(pod, c => new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = pod.Str("status", "startTime"),
                ["finishedAt"] = now,
            },
        }, ready: false);
    }

    private static JsonArray ContainerStatuses(JsonObject pod, Func<JsonObject, JsonObject> state, bool ready)
    {
        var containers = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>();
        return new JsonArray(containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Str("name"),
            ["state"] = state(c),
            ["lastState"] = new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["image"] = c.Str("image"),
            ["imageID"] = "",
            ["started"] = state(c).ContainsKey("running"),
        }).ToArray());
    }

    private static string ContainersNotReady(JsonObject pod) =>
        $"containers with unready status: [{string.Join(" ", (pod.At("spec", "containers") as JsonArray ?? []).Select(c => c.Str("name")))}]";

    private static JsonObject Condition(string type, string status, string now, string? reason = null, string? message = null)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = now };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }

    private static void SetCondition(JsonObject status, string type, string value, string now, string? reason = null)
    {
        if (status["conditions"] is not JsonArray conditions) return;
        var index = conditions.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Str("type") == type).i;
        if (conditions.Count > index && conditions[index].Str("type") == type)
        {
            conditions[index] = Condition(type, value, now, reason);
        }
        else
        {
            conditions.Add(Condition(type, value, now, reason));
        }
    }
}
