using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Apps;

/// <param name="Namespace">Where the app goes; created (and labelled as Meshdock's) when it does not exist.</param>
public sealed record AppTargetRequest(string? Namespace);

public static class AppsApi
{
    // Deploying a demo into the cluster's own namespaces would be a mistake every time.
    private static readonly HashSet<string> ReservedNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps").WithTags("Sample apps");
        group.MapGet("/", ListAsync).WithName("ListApps").WithSummary("Sample apps, where each is deployed and how to open it");
        group.MapPost("/{app}/deploy", DeployAsync).WithName("DeployApp").WithSummary("Deploy a sample app into a namespace (an operation)");
        group.MapPost("/{app}/remove", RemoveAsync).WithName("RemoveApp").WithSummary("Remove a sample app from a namespace (an operation)");
        return endpoints;
    }

    private static async Task<Ok<AppsResponse>> ListAsync(AppOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(await overview.GetAsync(cancellationToken));

    private static Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> DeployAsync(
        string app, AppTargetRequest request, SampleAppCatalog apps, AppLifecycle lifecycle, OperationService operations) =>
        StartAsync(app, request, apps, operations, "app.deploy", "Deploying", lifecycle.DeployAsync);

    private static Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        string app, AppTargetRequest request, SampleAppCatalog apps, AppLifecycle lifecycle, OperationService operations) =>
        StartAsync(app, request, apps, operations, "app.remove", "Removing", lifecycle.RemoveAsync);

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> StartAsync(
        string app, AppTargetRequest request, SampleAppCatalog apps, OperationService operations,
        string kind, string verb, Func<OperationContext, SampleApp, string, Task> work)
    {
        if (apps.Find(app) is not { } sample)
        {
            return TypedResults.Problem(
                $"There is no sample app '{app}'; choose one of {string.Join(", ", apps.Apps.Select(a => a.Id))}.",
                statusCode: StatusCodes.Status404NotFound);
        }
        var ns = request.Namespace;
        var validation = new Validation()
            .Require("namespace", ns)
            .Check(ns is null || MeshCatalog.IsDnsLabel(ns), "namespace",
                $"'{ns}' is not a namespace name: use lowercase letters, digits and dashes (at most 63), starting and ending with a letter or digit.")
            .Check(ns is null || !ReservedNamespaces.Contains(ns), "namespace",
                $"'{ns}' belongs to Kubernetes itself; deploy sample apps into a namespace of their own, such as 'demo'.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var start = await operations.StartAsync(kind, $"app:{ns}/{sample.Id}", $"{verb} {sample.Name} {(verb == "Deploying" ? "into" : "from")} {ns}",
            context => work(context, sample, ns!));
        return start.ToHttpResult();
    }
}
