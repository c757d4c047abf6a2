using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

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
        string name, JoinMeshRequest request, NamespaceMembership membership, NamespaceOperations work, CancellationToken cancellationToken)
    {
        var decision = await membership.CheckJoinAsync(name, request.Mesh, cancellationToken);
        if (decision.Rule is not { } rule)
        {
            return Refusal(decision);
        }

        return (await work.JoinAsync(name, rule)).ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> Leave(
        string name, string mesh, NamespaceMembership membership, NamespaceOperations work, CancellationToken cancellationToken)
    {
        var decision = await membership.CheckLeaveAsync(name, mesh, cancellationToken);
        if (decision.Rule is not { } rule)
        {
            return Refusal(decision);
        }

        return (await work.LeaveAsync(name, rule)).ToHttpResult();
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> Restart(
        string name, NamespaceMembership membership, NamespaceOperations work, CancellationToken cancellationToken)
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

        return (await work.RestartAsync(name, deployments)).ToHttpResult();
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
}
