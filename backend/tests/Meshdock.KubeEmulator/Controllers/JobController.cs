using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// The Job controller: runs pods until spec.completions succeeded, then marks the Job Complete, or Failed once more
/// than backoffLimit pods failed (its running pods are then stopped). With completionMode Indexed each index
/// 0..completions-1 gets its own pod (named <c>job-INDEX-xxxxx</c>, the index in the
/// <c>batch.kubernetes.io/job-completion-index</c> annotation and label and in <c>JOB_COMPLETION_INDEX</c>), and
/// status.completedIndexes lists the indexes done. A finished Job with ttlSecondsAfterFinished is deleted that long
/// after it finished, with foreground propagation, as the TTL-after-finished controller does.
/// </summary>
public sealed class JobController(ControllerContext context)
{
    public const string IndexKey = "batch.kubernetes.io/job-completion-index";

    private ResourceType Jobs => context.Type("batch", "jobs");

    public void Reconcile(string ns, string name)
    {
        var job = context.Store.Get(Jobs, ns, name);
        if (job is null || job.Str("metadata", "deletionTimestamp") is not null) return;
        var conditions = job.At("status", "conditions") as JsonArray;
        if (conditions?.Any(c => c.Str("type") is "Complete" or "Failed" && c.Str("status") == "True") == true) return;
        var completions = job.Number("spec", "completions") ?? 1;
        var parallelism = job.Number("spec", "parallelism") ?? 1;
        var backoffLimit = job.Number("spec", "backoffLimit") ?? 6;
        var indexed = job.Str("spec", "completionMode") == "Indexed";
        var pods = context.Owned(context.Pods, job);
        var running = pods.Where(p => p.Str("metadata", "deletionTimestamp") is null).ToList();
        var failed = pods.Count(p => p.Str("status", "phase") == "Failed");
        var active = running.Where(p => p.Str("status", "phase") is not ("Succeeded" or "Failed")).ToList();
        var succeededIndexes = indexed
            ? pods.Where(p => p.Str("status", "phase") == "Succeeded").Select(Index).OfType<int>().ToHashSet()
            : [];
        var succeeded = indexed ? succeededIndexes.Count : pods.Count(p => p.Str("status", "phase") == "Succeeded");
        var template = job.At("spec", "template") as JsonObject ?? [];
        var failing = failed > backoffLimit;
        if (job.Bool("spec", "suspend") != true && !failing)
        {
            var toStart = (int)Math.Min(parallelism - active.Count, completions - succeeded - active.Count);
            if (indexed)
            {
                var busy = active.Select(Index).OfType<int>().Concat(succeededIndexes).ToHashSet();
                foreach (var index in Enumerable.Range(0, (int)completions).Where(i => !busy.Contains(i)).Take(Math.Max(0, toStart)))
                {
                    active.Add(context.CreatePod(job, WithIndex(template, index), $"{name}-{index}-{ResourceWrites.RandomSuffix()}",
                        new Dictionary<string, string> { ["batch.kubernetes.io/job-name"] = name, ["job-name"] = name, [IndexKey] = $"{index}" }));
                }
            }
            else
            {
                for (var i = 0; i < toStart; i++)
                {
                    active.Add(context.CreatePod(job, template, $"{name}-{ResourceWrites.RandomSuffix()}",
                        new Dictionary<string, string> { ["batch.kubernetes.io/job-name"] = name, ["job-name"] = name }));
                }
            }
        }
        var now = JsonPaths.Now();
        var status = new JsonObject
        {
            ["startTime"] = job.Str("status", "startTime") ?? now,
            ["active"] = active.Count,
            ["ready"] = active.Count(ControllerContext.IsReady),
            ["succeeded"] = succeeded,
            ["terminating"] = pods.Count(p => p.Str("metadata", "deletionTimestamp") is not null),
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        if (failed > 0) status["failed"] = failed;
        if (indexed) status["completedIndexes"] = Ranges(succeededIndexes);
        var finished = false;
        if (succeeded >= completions)
        {
            status["active"] = 0;
            status["completionTime"] = now;
            status["conditions"] = new JsonArray(
                ControllerContext.Condition(null, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
                ControllerContext.Condition(null, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"));
            finished = true;
        }
        else if (failing)
        {
            // The controller stops what still runs of a failed Job.
            foreach (var pod in active) context.DeletePod(pod);
            status["active"] = 0;
            status["conditions"] = new JsonArray(
                ControllerContext.Condition(null, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                ControllerContext.Condition(null, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            finished = true;
        }
        context.SetStatus(Jobs, job, status);
        if (finished && job.Number("spec", "ttlSecondsAfterFinished") is { } ttl) DeleteAfter(job, TimeSpan.FromSeconds(ttl));
    }

    private static int? Index(JsonObject pod) =>
        int.TryParse(pod.Str("metadata", "annotations", IndexKey), System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;

    /// <summary>The template of index <paramref name="index"/>'s pod: the annotation, and the variable every container reads it from.</summary>
    private static JsonObject WithIndex(JsonObject template, int index)
    {
        var copy = template.CloneObject();
        copy.Obj("metadata").Obj("annotations")[IndexKey] = $"{index}";
        foreach (var container in (copy.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (container["env"] is not JsonArray env) container["env"] = env = [];
            env.Add(new JsonObject
            {
                ["name"] = "JOB_COMPLETION_INDEX",
                ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = $"metadata.annotations['{IndexKey}']" } },
            });
        }
        return copy;
    }

    /// <summary>Kubernetes' compressed index list: <c>0-2,5</c>.</summary>
    private static string Ranges(IEnumerable<int> indexes)
    {
        var parts = new List<string>();
        foreach (var group in indexes.Order().Select((value, i) => (value, key: value - i)).GroupBy(x => x.key))
        {
            var first = group.First().value;
            var last = group.Last().value;
            parts.Add(first == last ? $"{first}" : $"{first}-{last}");
        }
        return string.Join(',', parts);
    }

    private void DeleteAfter(JsonObject job, TimeSpan ttl)
    {
        var uid = job.Uid();
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(ttl, context.Cluster.Stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var current = context.Store.Get(Jobs, job.Namespace(), job.Name());
            if (current?.Uid() == uid) Deletion.DeleteWithDependents(context.Cluster, Jobs, current, orphan: false, foreground: true);
        });
    }
}
