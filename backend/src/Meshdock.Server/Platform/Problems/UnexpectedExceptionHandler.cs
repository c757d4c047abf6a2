using Microsoft.AspNetCore.Diagnostics;

namespace Meshdock.Server.Platform.Problems;

/// <summary>The last resort: a 500 problem with a sentence, the exception only in the log, never in the response.</summary>
internal sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        logger.Unhandled(exception, context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal error",
                Detail = $"Meshdock failed while handling {context.Request.Method} {context.Request.Path}. "
                    + "This is a bug: try again, and if it persists report it with the backend log.",
            },
        });
    }
}

internal static partial class ProblemsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    public static partial void Unhandled(this ILogger logger, Exception exception, string method, string path);
}
