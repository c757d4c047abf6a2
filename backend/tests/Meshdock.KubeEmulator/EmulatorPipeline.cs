using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator;

/// <summary>Request logging (when asked for), bearer-token authentication and Status bodies for unexpected failures.</summary>
public static class EmulatorPipeline
{
    public static void UseEmulatorPipeline(this WebApplication app, KubeEmulatorOptions options)
    {
        if (options.LogRequests)
        {
            app.Use(async (http, next) =>
            {
                await next(http);
                Console.WriteLine($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} {http.Request.ContentType} -> {http.Response.StatusCode} [{http.Request.Headers.UserAgent}]");
            });
        }
        app.Use(async (http, next) =>
        {
            try
            {
                if (options.Token is { } token && http.Request.Headers.Authorization.ToString() != $"Bearer {token}")
                {
                    await http.Response.WriteStatusAsync(new KubeApiException(401, "Unauthorized", "Unauthorized"), http.RequestAborted);
                    return;
                }
                await next(http);
            }
            catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
            {
                // The emulator is test support: say what broke instead of an empty 500.
                await http.Response.WriteStatusAsync(new KubeApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}"), http.RequestAborted);
            }
        });
    }
}
