using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Meshdock.Server.Operations;

/// <summary>
/// The one HTTP answer to "start an operation": 202 <see cref="OperationAccepted"/> with Location, or 409 problem
/// naming the running operation. A typed result, so it can sit in a handler's <c>Results&lt;...&gt;</c> union.
/// </summary>
public sealed class OperationStartResult(OperationStart start) : IResult, IEndpointMetadataProvider
{
    public OperationStart Start { get; } = start;

    public Task ExecuteAsync(HttpContext httpContext) => Start switch
    {
        OperationStart.Started started => TypedResults
            .Accepted($"/api/operations/{started.Id}", new OperationAccepted(started.Id))
            .ExecuteAsync(httpContext),
        OperationStart.Busy busy => TypedResults.Problem(
                detail: $"Operation {busy.RunningId} is already working on {busy.Target}; wait for it to finish "
                    + "(or cancel it) and try again.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Busy",
                extensions: new Dictionary<string, object?> { ["operationId"] = busy.RunningId })
            .ExecuteAsync(httpContext),
        _ => throw new InvalidOperationException($"Unknown start result {Start}."),
    };

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(OperationAccepted), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
