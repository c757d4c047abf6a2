using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Filters.Sandbox;

public static class SandboxApi
{
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sandbox").WithTags("Sandbox");
        group.MapGet("/", List).WithName("ListSandboxes");
        group.MapPost("/", StartAsync).WithName("StartSandbox")
            .WithSummary("Start a loopback reverse proxy that runs a filter in front of an upstream");
        group.MapGet("/{id}", Get).WithName("GetSandbox");
        group.MapDelete("/{id}", StopAsync).WithName("StopSandbox");
        group.MapPost("/{id}/requests", SendAsync).WithName("SendThroughSandbox")
            .WithSummary("Send one request through the sandbox and return the response (for the panel, which cannot reach its port)");
        return endpoints;
    }

    private static Ok<IReadOnlyList<SandboxInfo>> List(SandboxManager sandboxes) => TypedResults.Ok(sandboxes.List());

    private static Results<Ok<SandboxInfo>, ProblemHttpResult> Get(string id, SandboxManager sandboxes) =>
        sandboxes.Get(id) is { } sandbox ? TypedResults.Ok(sandbox) : NotFound(id);

    private static async Task<Results<Created<SandboxInfo>, ValidationProblem, ProblemHttpResult>> StartAsync(
        SandboxRequest request, SandboxManager sandboxes, CancellationToken cancellationToken) =>
        await sandboxes.StartAsync(request, cancellationToken) switch
        {
            SandboxStart.Started started => TypedResults.Created($"/api/sandbox/{started.Sandbox.Id}", started.Sandbox),
            SandboxStart.Invalid invalid => invalid.Validation.ToProblem(),
            SandboxStart.Full full => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many sandboxes",
                detail: $"{full.Limit} sandboxes are running, the most Meshdock allows; stop one (DELETE /api/sandbox/{{id}}) and try again."),
            _ => throw new InvalidOperationException("Unknown sandbox start result."),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> StopAsync(
        string id, SandboxManager sandboxes, CancellationToken cancellationToken) =>
        await sandboxes.StopAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<SampleResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        string id, SampleRequest request, SandboxManager sandboxes, SampleRequestSender sender, CancellationToken cancellationToken)
    {
        if (sandboxes.Get(id) is not { } sandbox)
        {
            return NotFound(id);
        }

        var validation = SampleRequestSender.Validate(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        try
        {
            return TypedResults.Ok(await sender.SendAsync(sandbox.Url, request, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Sandbox unreachable",
                detail: $"The sandbox at {sandbox.Url} did not answer ({e.Message}); it may have just been stopped: start it again.");
        }
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Sandbox not found", detail: $"No sandbox '{id}' is running; list them with GET /api/sandbox.");
}
