

namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// Container mode only: the TCP port exists so the panel can open a WebSocket to the progress hub (Docker Desktop's
/// socket API cannot). It serves the hub and nothing else, and only to a caller holding the session token.
/// Requests over the Unix socket pass untouched: only Docker Desktop reaches that socket.
/// </summary>
internal sealed class HubPortGuard(RequestDelegate next, SessionToken token)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalIpAddress is null) // a Unix socket connection has no IP address
        {
            await next(context);
            return;
        }

        if (!context.Request.Path.StartsWithSegments(HubRoutes.Progress))
        {
            await WriteProblemAsync(context, StatusCodes.Status404NotFound, null,
                $"This port serves only the progress hub at {HubRoutes.Progress}; the API is on the extension's Unix socket.");
            return;
        }

        if (!token.IsPresentIn(context.Request))
        {
            await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Session token required",
                "Connecting to the progress hub on this port needs the session token from GET /api/session, "
                + "sent as the access_token query parameter or an 'Authorization: Bearer' header.");
            return;
        }

        await next(context);
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string? title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
