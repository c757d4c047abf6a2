using Meshdock.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Cleanup;

public static class CleanupApi
{
    public static IEndpointRouteBuilder MapCleanup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/cleanup", StartAsync).WithTags("Cleanup").WithName("Cleanup")
            .WithSummary("Remove every mesh, sample app and namespace Meshdock installed (an operation)");
        return endpoints;
    }

    private static async Task<Results<OperationStartResult, ProblemHttpResult>> StartAsync(
        ClusterCleanup cleanup, OperationService operations, OperationStore store, CancellationToken cancellationToken)
    {
        // Removing everything while an install still runs would leave half of it behind.
        var busy = (await store.ListAsync(200, cancellationToken))
            .FirstOrDefault(o => !o.Status.IsFinal() && (o.Target.StartsWith("mesh:", StringComparison.Ordinal) || o.Target.StartsWith("app:", StringComparison.Ordinal)));
        if (busy is not null)
        {
            return TypedResults.Problem(
                $"Operation {busy.Id} ({busy.Title}) is still running; wait for it to finish (or cancel it), then remove everything.",
                statusCode: StatusCodes.Status409Conflict, title: "Busy",
                extensions: new Dictionary<string, object?> { ["operationId"] = busy.Id });
        }
        return (await operations.StartAsync(ClusterCleanup.Kind, ClusterCleanup.Target, "Removing everything Meshdock installed", cleanup.RunAsync)).ToHttpResult();
    }
}
