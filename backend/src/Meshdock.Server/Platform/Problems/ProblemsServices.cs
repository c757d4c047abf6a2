using Microsoft.AspNetCore.Http.Json;

namespace Meshdock.Server.Platform.Problems;

public static class ProblemsServices
{
    /// <summary>
    /// Every error leaves as application/problem+json with a sentence in <c>detail</c>: binding failures (malformed
    /// JSON, wrong-typed fields, bad query values) name the field, unexpected exceptions never show a stack trace.
    /// </summary>
    public static IServiceCollection AddMeshdockProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            if (problem.Status == StatusCodes.Status400BadRequest && problem.Detail is null && context.Exception is null
                && UnparsableParameter.Find(context.HttpContext) is { } unparsable)
            {
                problem.Title = "The request is not valid.";
                problem.Detail = unparsable.Detail;
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [unparsable.Field!] = [unparsable.Detail] };
            }
            problem.Detail ??= DefaultDetail(problem.Status, context.HttpContext.Request);
        });

        // Minimal APIs answer a binding failure with an empty 400 unless asked to throw; the exception carries the
        // JSON path of the offending field, which BadRequestExceptionHandler turns into the detail sentence.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        return services;
    }

    private static string DefaultDetail(int? status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"There is nothing at {request.Method} {request.Path}; check the address.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}; check the method.",
        StatusCodes.Status413PayloadTooLarge => Hosting.RequestBodyLimits.TooLarge(
            request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with the header 'Content-Type: application/json'.",
        _ => $"The request {request.Method} {request.Path} could not be handled (status {status}).",
    };
}
