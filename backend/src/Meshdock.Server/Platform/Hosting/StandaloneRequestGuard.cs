using Microsoft.Net.Http.Headers;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// Standalone mode serves on a loopback port that every web page the user opens can send requests to. A browser sends
/// "simple" cross-site requests (text/plain, form posts, no body) without asking anyone, and a page that rebinds its
/// own DNS name to 127.0.0.1 reaches the port as same-origin. So, before anything else runs:
/// <list type="bullet">
/// <item>the Host must be a loopback name or a configured one (defeats DNS rebinding);</item>
/// <item>an <c>Origin</c>, when present, must be the served origin or a configured one (defeats cross-site requests,
/// which browsers always label with their origin);</item>
/// <item>a state-changing API request must have a content type no cross-site simple request can have, so a browser
/// must ask first (preflight), and nothing answers a foreign preflight;</item>
/// <item>the hub needs the session token, which only a same-origin page can read from <c>GET /api/session</c>.</item>
/// </list>
/// Callers without a browser (curl, scripts) send no Origin and pass the Origin check; they still need a loopback Host.
/// </summary>
internal sealed class StandaloneRequestGuard(RequestDelegate next, TrustedSources trusted, SessionToken token)
{
    /// <summary>The bodies the API accepts on state-changing requests; none is one a form or a simple fetch can send.</summary>
    public static readonly IReadOnlyList<string> ActionContentTypes =
        ["application/json", "application/yaml", "application/wasm", "application/octet-stream"];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!trusted.IsTrustedHost(request.Host))
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, "Host not allowed",
                $"This Meshdock server answers only to loopback names (127.0.0.1, localhost, [::1]) and hosts given with --allowed-hosts, not to '{request.Host.Value}'. "
                + "Open it as http://127.0.0.1:<port>, or start it with --allowed-hosts naming this host.");
        }

        if (request.Headers.Origin is { Count: > 0 } origins && !trusted.IsTrustedOrigin(origins.ToString(), request))
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed",
                $"Requests from pages of origin '{origins}' are refused: Meshdock accepts requests from the page it serves itself "
                + "and from origins given with --allowed-origins (for a UI dev server, e.g. --allowed-origins http://localhost:5173).");
        }

        if (request.Path.StartsWithSegments("/hubs"))
        {
            return token.IsPresentIn(request)
                ? next(context)
                : RefuseAsync(context, StatusCodes.Status401Unauthorized, "Session token required",
                    "Connecting to the progress hub needs the session token from GET /api/session, sent as the access_token "
                    + "query parameter or an 'Authorization: Bearer' header.");
        }

        if (request.Path.StartsWithSegments("/api") && IsStateChanging(request.Method) && !HasActionContentType(request))
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"{request.Method} requests to the API must send a body with Content-Type {string.Join(", ", ActionContentTypes)} "
                + $"(got '{(string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType)}'); an action without parameters takes the JSON body {{}}.");
        }

        return next(context);
    }

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool HasActionContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
        && ActionContentTypes.Contains(parsed.MediaType.Value ?? "", StringComparer.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
