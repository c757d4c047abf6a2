using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Filters.Deploy;

public static class AttachmentsApi
{
    /// <summary>Attach and detach (operations), the attachments, and which meshes can take filters.</summary>
    public static RouteGroupBuilder MapFilterAttachments(this RouteGroupBuilder filters)
    {
        filters.MapGet("/meshes", (IMeshDirectory meshes) => TypedResults.Ok(MeshFilterSupport.From(meshes.Meshes))).WithName("FilterMeshSupport")
            .WithSummary("Which meshes can run proxy-wasm filters, and why the others cannot");
        filters.MapGet("/attachments", ListAsync).WithName("ListFilterAttachments");
        filters.MapPost("/{id}/attach", AttachAsync).WithName("AttachFilter")
            .WithSummary("Deploy the module to the in-cluster filter server and attach it to workloads of a mesh (an operation)")
            .AddEndpointFilter<ClusterUnavailableFilter>();
        filters.MapPost("/attachments/{id}/detach", DetachAsync).WithName("DetachFilter");
        filters.MapPost("/imagehub-demo", ImageHubDemoAsync).WithName("AttachImageHubDemo")
            .WithSummary("Image Hub with filter in one click: the rate-limit filter with Image Hub's rules on the api workload")
            .AddEndpointFilter<ClusterUnavailableFilter>();
        return filters;
    }

    private static async Task<Ok<IReadOnlyList<Attachment>>> ListAsync(AttachmentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> AttachAsync(
        string id, AttachRequest request, FilterDeployer deployer, CancellationToken cancellationToken) =>
        ToResult(await deployer.AttachAsync(id, request, cancellationToken));

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> DetachAsync(
        string id, FilterDeployer deployer, CancellationToken cancellationToken) =>
        ToResult(await deployer.DetachAsync(id, cancellationToken));

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> ImageHubDemoAsync(
        ImageHubDemoRequest request, FilterDeployer deployer, CancellationToken cancellationToken) =>
        ToResult(await deployer.AttachAsync(BuiltInFilter.RateLimit,
            new AttachRequest(request.Mesh, request.Namespace ?? "imagehub", new Dictionary<string, string> { ["app"] = "api" }, null),
            cancellationToken));

    private static Results<OperationStartResult, ValidationProblem, ProblemHttpResult> ToResult(DeployStart start) => start switch
    {
        DeployStart.Operation operation => operation.Start.ToHttpResult(),
        DeployStart.Invalid invalid => invalid.Validation.ToProblem(),
        DeployStart.NotFound notFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: notFound.Sentence),
        DeployStart.Unsupported unsupported => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot attach", detail: unsupported.Sentence),
        _ => throw new InvalidOperationException("Unknown deploy result."),
    };
}
