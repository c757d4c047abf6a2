using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Operations;

public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProgressHub();
        var group = endpoints.MapGroup("/api/operations").WithTags("Operations");
        group.MapGet("/", ListAsync).WithName("ListOperations").WithSummary("Operations, newest first");
        group.MapGet("/{id}", GetAsync).WithName("GetOperation");
        group.MapGet("/{id}/events", EventsAsync).WithName("GetOperationEvents")
            .WithSummary("Events with seq > after (at most 1000) and the current status: the polling path");
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelOperation");
        group.MapPost("/selftest", StartSelftestAsync).WithName("StartSelftest")
            .WithSummary("Start a harmless operation that emits n progress events");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<Operation>>, ValidationProblem>> ListAsync(
        OperationStore store, CancellationToken cancellationToken, int limit = 100)
    {
        var validation = new Validation().InRange("limit", limit, 1, 1000);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return TypedResults.Ok(await store.ListAsync(limit, cancellationToken));
    }

    private static async Task<Results<Ok<Operation>, ProblemHttpResult>> GetAsync(
        string id, OperationStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } operation ? TypedResults.Ok(operation) : NotFound(id);

    private static async Task<Results<Ok<OperationEventsPage>, ProblemHttpResult, ValidationProblem>> EventsAsync(
        string id, OperationStore store, CancellationToken cancellationToken, long after = 0)
    {
        var validation = new Validation().Check(after >= 0, "after",
            $"'after' must be 0 (from the start) or the last seq you received, not {after}.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await store.ReadEventsAsync(id, after, OperationStore.MaxEventsPerRead, cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : NotFound(id);
    }

    private static async Task<Results<Accepted<Operation>, ProblemHttpResult>> CancelAsync(
        string id, OperationService operations, CancellationToken cancellationToken) =>
        await operations.CancelAsync(id, cancellationToken) switch
        {
            CancelOutcome.Requested requested => TypedResults.Accepted($"/api/operations/{id}", requested.Operation),
            CancelOutcome.AlreadyFinished finished => TypedResults.Problem(
                $"Operation {id} has already finished ({finished.Operation.Status.ToWire()}); there is nothing to cancel.",
                statusCode: StatusCodes.Status409Conflict, title: "Already finished"),
            _ => NotFound(id),
        };

    private static async Task<Results<OperationStartResult, ValidationProblem>> StartSelftestAsync(
        SelftestRequest request, OperationService operations)
    {
        var validation = Selftest.Validate(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return (await Selftest.StartAsync(operations, request)).ToHttpResult();
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        $"There is no operation '{id}'; list them with GET /api/operations.",
        statusCode: StatusCodes.Status404NotFound);
}
