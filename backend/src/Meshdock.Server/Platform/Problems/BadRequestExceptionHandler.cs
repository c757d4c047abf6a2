using Microsoft.AspNetCore.Diagnostics;

namespace Meshdock.Server.Platform.Problems;

/// <summary>Turns request-binding failures into a 400 (or 413/415) problem whose detail names the field.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var description = BadRequestDescription.Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        var problem = new HttpValidationProblemDetails
        {
            Status = bad.StatusCode,
            Title = "The request is not valid.",
            Detail = description.Detail,
        };
        if (description.Field is { } field)
        {
            problem.Errors[field] = [description.Detail];
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
