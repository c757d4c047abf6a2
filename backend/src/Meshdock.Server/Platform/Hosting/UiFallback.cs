namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// The built UI (ui/dist, copied to wwwroot next to the assembly) is served by the static-file middleware; a GET that
/// matched no endpoint and no file, outside /api and /hubs, is a client-side route and gets index.html. Done after
/// routing rather than as a catch-all route, so an API request with the wrong method or content type still gets its
/// 405/415 problem.
/// </summary>
internal sealed class UiFallback(RequestDelegate next, IWebHostEnvironment environment)
{
    private const string NotBuilt =
        "<!doctype html><title>Meshdock</title><p>The Meshdock UI is not built yet. Run <code>make run</code> at the "
        + "repository root (or <code>npm run build</code> in <code>ui/</code>, then rebuild the backend) and reload this page. "
        + "The API is up: <a href=\"/api/health\">/api/health</a>.</p>";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (context.GetEndpoint() is not null || !HttpMethods.IsGet(context.Request.Method)
            || path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || Path.HasExtension(path.Value))
        {
            return next(context);
        }

        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        var result = index.Exists && index.PhysicalPath is { } file
            ? TypedResults.PhysicalFile(file, "text/html; charset=utf-8")
            : (IResult)TypedResults.Content(NotBuilt, "text/html; charset=utf-8");
        return result.ExecuteAsync(context);
    }
}
