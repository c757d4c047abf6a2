using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>Runs a Job's pods until spec.completions succeeded, then marks it Complete (Failed after backoffLimit failures).</summary>
public sealed class JobController(ControllerContext context)
{
    private ResourceType Jobs => context.Type("batch", "jobs");

    public void Reconcile(string ns, string name)
    {
        var job = context.Store.Get(Jobs, ns, name);
        if (job is null || job.Str("metadata", "deletionTimestamp") is not null) return;
        var conditions = job.At("status", "conditions") as JsonArray;
        if (conditions?.Any(c => c.Str("type") is "Complete" or "Failed" && c.Str("status") == "True") == true) return;
        var completions = job.Number("spec", "completions") ?? 1;
        var parallelism = job.Number("spec", "parallelism") ?? 1;
        var pods = context.ActivePods(job);
        var succeeded = pods.Count(p => p.Str("status", "phase") == "Succeeded");
        var failed = pods.Count(p => p.Str("status", "phase") == "Failed");
        var active = pods.Count - succeeded - failed;
        var template = job.At("spec", "template") as JsonObject ?? [];
        var toStart = Math.Min(parallelism - active, completions - succeeded - active);
        if (job.Bool("spec", "suspend") != true && failed <= (job.Number("spec", "backoffLimit") ?? 6))
        {
            for (var i = 0; i < toStart; i++)
            {
                context.CreatePod(job, template, $"{name}-{ResourceWrites.RandomSuffix()}",
                    new Dictionary<string, string> { ["batch.kubernetes.io/job-name"] = name, ["job-name"] = name });
                active++;
            }
        }
        var now = JsonPaths.Now();
        var status = new JsonObject
        {
            ["startTime"] = job.Str("status", "startTime") ?? now,
            ["active"] = active,
            ["ready"] = pods.Count(ControllerContext.IsReady),
            ["succeeded"] = succeeded,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        if (failed > 0) status["failed"] = failed;
        if (succeeded >= completions)
        {
            status["active"] = 0;
            status["completionTime"] = now;
            status["conditions"] = new JsonArray(
                ControllerContext.Condition(null, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
                ControllerContext.Condition(null, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"));
        }
        else if (failed > (job.Number("spec", "backoffLimit") ?? 6))
        {
            status["conditions"] = new JsonArray(
                ControllerContext.Condition(null, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                ControllerContext.Condition(null, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
        }
        context.SetStatus(Jobs, job, status);
    }
}
