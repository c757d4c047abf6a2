using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Namespaces;

/// <summary>
/// The operations Namespaces runs, with their kinds and targets (the UI's live table names the same kinds): joining a
/// mesh, leaving it, and restarting the deployments so the pods get or lose their proxy. The endpoints check the
/// request first; these start the work.
/// </summary>
public sealed class NamespaceOperations(NamespaceMembership membership, OperationService operations, TimeProvider time, IOptions<ClusterOptions> options)
{
    public const string JoinKind = "namespace.join";
    public const string LeaveKind = "namespace.leave";
    public const string RestartKind = "namespace.restart";

    /// <summary>Every namespace operation's target starts with this; one operation per namespace at a time.</summary>
    public const string TargetPrefix = "namespace:";

    public static string Target(string name) => TargetPrefix + name;

    public Task<OperationStart> JoinAsync(string name, NamespaceJoinRule rule) =>
        operations.StartAsync(JoinKind, Target(name), $"Join namespace {name} to {rule.MeshName}", async context =>
        {
            await context.StepAsync($"Marking namespace {name} for {rule.MeshName}: {Describe(rule)}");
            await membership.JoinAsync(name, rule, context.CancellationToken);
            await context.LogAsync($"Namespace {name} is in {rule.MeshName}: new pods get its proxy.");
            await WarnAboutRunningPodsAsync(context, name, $"keep running without the {rule.MeshName} proxy");
        }, stepsTotal: 1);

    public Task<OperationStart> LeaveAsync(string name, NamespaceJoinRule rule) =>
        operations.StartAsync(LeaveKind, Target(name), $"Take namespace {name} out of {rule.MeshName}", async context =>
        {
            await context.StepAsync($"Removing {Describe(rule)} from namespace {name}");
            await membership.LeaveAsync(name, rule, context.CancellationToken);
            await context.LogAsync($"Namespace {name} has left {rule.MeshName}: new pods start without its proxy.");
            await WarnAboutRunningPodsAsync(context, name, $"still carry the {rule.MeshName} proxy");
        }, stepsTotal: 1);

    /// <summary>Restarts <paramref name="deployments"/> of the namespace and waits for their rollouts, up to the cluster's rollout timeout.</summary>
    public Task<OperationStart> RestartAsync(string name, IReadOnlyList<string> deployments)
    {
        var timeout = options.Value.RolloutTimeout;
        return operations.StartAsync(RestartKind, Target(name), $"Restart the deployments of {name}", async context =>
        {
            var cancellation = context.CancellationToken;
            await context.StepAsync($"Restarting {deployments.Count} deployment(s): {string.Join(", ", deployments)}");
            var at = time.GetUtcNow();
            foreach (var deployment in deployments)
            {
                await membership.RestartDeploymentAsync(name, deployment, at, cancellation);
                await context.LogAsync($"Deployment {deployment} restarted.");
            }

            await context.StepAsync("Waiting for the new pods to be ready");
            IReadOnlyList<string> waiting = deployments;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(timeout);
            try
            {
                await membership.WaitForRolloutsAsync(name, deployments, async (done, pending) =>
                {
                    waiting = pending;
                    var message = pending.Count == 0
                        ? $"All {deployments.Count} deployment(s) rolled out."
                        : $"{done} of {deployments.Count} rolled out; waiting for {string.Join(", ", pending)}.";
                    await context.ProgressAsync(done, deployments.Count, message, new { pending });
                }, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new OperationFailedException(
                    $"{string.Join(", ", waiting)} did not roll out within {timeout.TotalMinutes:0.#} min: look at their pods' events " +
                    $"(kubectl -n {name} get pods; kubectl -n {name} describe pod NAME) for image pull or scheduling errors.");
            }
        }, stepsTotal: deployments.Count);
    }

    private async Task WarnAboutRunningPodsAsync(OperationContext context, string name, string consequence)
    {
        var deployments = await membership.ListDeploymentsAsync(name, context.CancellationToken);
        if (deployments.Count > 0)
        {
            await context.WarnAsync(
                $"The pods already running in {name} ({string.Join(", ", deployments)}) {consequence} until they restart: use Restart deployments.",
                new { deployments });
        }
    }

    private static string Describe(NamespaceJoinRule rule) => string.Join(", ",
        rule.Labels.Select(kv => $"label {kv.Key}={kv.Value}").Concat(rule.Annotations.Select(kv => $"annotation {kv.Key}={kv.Value}")));
}
