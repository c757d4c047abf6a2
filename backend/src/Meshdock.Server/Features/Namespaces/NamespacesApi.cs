using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Namespaces;

public static class NamespacesApi
{
    public static IEndpointRouteBuilder MapNamespaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/namespaces").WithTags("Namespaces").AddEndpointFilter<ClusterUnavailableFilter>();
        group.MapGet("/", List).WithName("ListNamespaces")
            .WithSummary("The cluster's namespaces with the meshes each has joined, and the meshes a namespace can join.");
        group.MapPost("/{name}/meshes", Join).WithName("JoinMesh")
            .WithSummary("Puts a namespace in a mesh (labels/annotations from the catalog), as an operation.");
        group.MapDelete("/{name}/meshes/{mesh}", Leave).WithName("LeaveMesh")
            .WithSummary("Takes a namespace out of a mesh, as an operation.");
        group.MapPost("/{name}/restart", Restart).WithName("RestartDeployments")
            .WithSummary("Restarts every deployment of a namespace (so pods get or lose their proxy) and waits for the rollouts.");
        return app;
    }

    private static Task<NamespaceList> List(NamespaceMembership membership, CancellationToken cancellationToken) =>
        membership.ListAsync(cancellationToken);

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> Join(
        string name, JoinMeshRequest request, NamespaceMembership membership, OperationService operations, CancellationToken cancellationToken)
    {
        var decision = await membership.CheckJoinAsync(name, request.Mesh, cancellationToken);
        if (decision.Rule is not { } rule)
        {
            return Refusal(decision);
        }

        var start = await operations.StartAsync("namespace.join", Target(name), $"Join namespace {name} to {rule.MeshName}", async context =>
        {
            await context.StepAsync($"Marking namespace {name} for {rule.MeshName}: {Describe(rule)}");
            await membership.JoinAsync(name, rule, context.CancellationToken);
            await context.LogAsync($"Namespace {name} is in {rule.MeshName}: new pods get its proxy.");
            await WarnAboutRunningPodsAsync(context, membership, name, $"keep running without the {rule.MeshName} proxy");
        }, stepsTotal: 1);
        return start.ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> Leave(
        string name, string mesh, NamespaceMembership membership, OperationService operations, CancellationToken cancellationToken)
    {
        var decision = await membership.CheckLeaveAsync(name, mesh, cancellationToken);
        if (decision.Rule is not { } rule)
        {
            return Refusal(decision);
        }

        var start = await operations.StartAsync("namespace.leave", Target(name), $"Take namespace {name} out of {rule.MeshName}", async context =>
        {
            await context.StepAsync($"Removing {Describe(rule)} from namespace {name}");
            await membership.LeaveAsync(name, rule, context.CancellationToken);
            await context.LogAsync($"Namespace {name} has left {rule.MeshName}: new pods start without its proxy.");
            await WarnAboutRunningPodsAsync(context, membership, name, $"still carry the {rule.MeshName} proxy");
        }, stepsTotal: 1);
        return start.ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> Restart(
        string name, NamespaceMembership membership, OperationService operations, TimeProvider time,
        IOptions<ClusterOptions> options, CancellationToken cancellationToken)
    {
        if (NamespaceMembership.IsSystem(name))
        {
            return TypedResults.Problem(title: "System namespace", statusCode: StatusCodes.Status400BadRequest,
                detail: $"'{name}' is one of Kubernetes' own namespaces; Meshdock does not restart its deployments.");
        }

        var deployments = await membership.ListDeploymentsAsync(name, cancellationToken);
        if (deployments.Count == 0)
        {
            return TypedResults.Problem(title: "Nothing to restart", statusCode: StatusCodes.Status409Conflict,
                detail: $"Namespace '{name}' has no deployments to restart (or does not exist).");
        }

        var timeout = options.Value.RolloutTimeout;
        var start = await operations.StartAsync("namespace.restart", Target(name), $"Restart the deployments of {name}", async context =>
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
        return start.ToHttpResult();
    }

    private static async Task WarnAboutRunningPodsAsync(OperationContext context, NamespaceMembership membership, string name, string consequence)
    {
        var deployments = await membership.ListDeploymentsAsync(name, context.CancellationToken);
        if (deployments.Count > 0)
        {
            await context.WarnAsync(
                $"The pods already running in {name} ({string.Join(", ", deployments)}) {consequence} until they restart: use Restart deployments.",
                new { deployments });
        }
    }

    private static ProblemHttpResult Refusal(MembershipDecision decision) => TypedResults.Problem(
        detail: decision.Sentence,
        statusCode: decision.Refusal switch
        {
            MembershipRefusal.Missing => StatusCodes.Status404NotFound,
            MembershipRefusal.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        title: decision.Refusal switch
        {
            MembershipRefusal.Missing => "Namespace not found",
            MembershipRefusal.Conflict => "Membership conflict",
            _ => "Invalid mesh",
        });

    private static string Target(string name) => $"namespace:{name}";

    private static string Describe(NamespaceJoinRule rule) => string.Join(", ",
        rule.Labels.Select(kv => $"label {kv.Key}={kv.Value}").Concat(rule.Annotations.Select(kv => $"annotation {kv.Key}={kv.Value}")));
}
