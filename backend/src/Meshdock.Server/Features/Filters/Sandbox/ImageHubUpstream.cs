using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Platform.Hosting;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>
/// An embedded Image Hub API (Layer5's demo app, layer5io/image-hub <c>api/main.go</c>) on a loopback port, so the
/// filter demo runs with nothing else installed. It answers as the real app does, so a filter written for the real app
/// behaves the same in front of it:
/// <list type="bullet">
/// <item>/signup, /auth, /upgrade and /pull take any method; OPTIONS answers 204 with CORS headers; every answer on
/// these paths carries <c>Access-Control-Allow-Origin: *</c>. Other paths get Go's plain 404 (no CORS header).</item>
/// <item>A body is a JSON object of strings (or <c>null</c>); anything else is a 500 with no body.</item>
/// <item>/signup stores (or overwrites) the user, any plan, and answers 200 with no body.</item>
/// <item>/auth answers <c>{"token": …}</c>, the token being unpadded base64 of <c>{"plan":…,"username":…}</c> (Go's
/// map encoding: sorted keys, Go's escaping); an unknown user or a wrong password is a 400 with no body.</item>
/// <item>/upgrade answers a token with the new plan for a known user (400 otherwise) but, like the real app (it
/// updates a copy of the user), does not store the plan: /auth keeps issuing the old one.</item>
/// <item>/pull answers 200 "Hello, &lt;Authorization&gt;, welcome to Istiocon 2021!" without checking the token:
/// checking it is the filter's job.</item>
/// </list>
/// Deliberate difference: bodies the real app reads with <c>ioutil.ReadAll</c> without a limit are capped here at
/// 64 KiB (400 beyond), as the embedded app runs inside Meshdock's backend. One instance serves every sandbox for the
/// life of the backend, so restarting a sandbox keeps the users.
/// </summary>
public sealed class ImageHubUpstream : IAsyncDisposable
{
    private const int MaxBodyBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private WebApplication? _app;
    private string? _url;

    /// <summary>The origin it listens on (started on first use).</summary>
    public async Task<string> GetUrlAsync(CancellationToken cancellationToken)
    {
        if (_url is not null)
        {
            return _url;
        }

        await _startGate.WaitAsync(cancellationToken);
        try
        {
            if (_url is null)
            {
                var started = Build();
                await started.StartAsync(cancellationToken);
                (_app, _url) = (started, started.Urls.First().TrimEnd('/'));
            }

            return _url;
        }
        finally
        {
            _startGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _startGate.Dispose();
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false; // Go's net/http sends none
        });
        var web = builder.Build();
        var pull = Cors(Pull);
        var auth = Cors(WithBody(Authenticate));
        var signup = Cors(WithBody(SignUp));
        var upgrade = Cors(WithBody(Upgrade));
        // Go's ServeMux matches these exact, case-sensitive paths ("/pull/" and "/Pull" are 404), whatever the method.
        web.Run(context => context.Request.Path.Value switch
        {
            "/pull" => pull(context),
            "/auth" => auth(context),
            "/signup" => signup(context),
            "/upgrade" => upgrade(context),
            _ => NotFound(context),
        });
        return web;
    }

    /// <summary>The real app's CORSMiddleware: OPTIONS is answered here, everything else gets the origin header.</summary>
    private static RequestDelegate Cors(RequestDelegate next) => context =>
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            headers.AccessControlAllowMethods = "*";
            headers.AccessControlAllowHeaders = "*";
            headers.AccessControlMaxAge = "3600";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        return next(context);
    };

    /// <summary>Reads the body as the real app does: <c>json.Unmarshal</c> into <c>map[string]string</c>, a 500 when it fails.</summary>
    private static RequestDelegate WithBody(Func<HttpContext, Dictionary<string, string>, Task> handler) => async context =>
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (ParseStringMap(body) is not { } fields)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        await handler(context, fields);
    };

    private Task SignUp(HttpContext context, Dictionary<string, string> body)
    {
        var username = body.GetValueOrDefault("username", "");
        _users[username] = new User(username, body.GetValueOrDefault("password", ""), body.GetValueOrDefault("plan", ""));
        return Task.CompletedTask;
    }

    private Task Authenticate(HttpContext context, Dictionary<string, string> body)
    {
        if (!_users.TryGetValue(body.GetValueOrDefault("username", ""), out var user) || user.Password != body.GetValueOrDefault("password", ""))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return WriteTokenAsync(context, user.Username, user.Plan);
    }

    private Task Upgrade(HttpContext context, Dictionary<string, string> body)
    {
        if (!_users.TryGetValue(body.GetValueOrDefault("username", ""), out var user))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return WriteTokenAsync(context, user.Username, body.GetValueOrDefault("plan", ""));
    }

    private static Task Pull(HttpContext context) =>
        WriteTextAsync(context, $"Hello, {context.Request.Headers.Authorization}, welcome to Istiocon 2021!");

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return WriteTextAsync(context, "404 page not found\n");
    }

    /// <summary><c>json.NewEncoder(w).Encode(map[string]string{"token": …})</c>: one line of JSON that Go's content
    /// sniffing labels text/plain.</summary>
    private static Task WriteTokenAsync(HttpContext context, string username, string plan) =>
        WriteTextAsync(context, $"{{\"token\":{GoJson.Quote(Token(username, plan))}}}\n");

    /// <summary>The real app's token: unpadded standard base64 of Go's JSON for <c>map[string]string{"username", "plan"}</c>,
    /// whose keys Go sorts.</summary>
    internal static string Token(string username, string plan) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"plan\":{GoJson.Quote(plan)},\"username\":{GoJson.Quote(username)}}}")).TrimEnd('=');

    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>The body as UTF-8 text; null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>What Go's <c>json.Unmarshal</c> into <c>map[string]string</c> accepts: an object whose values are strings
    /// (a null value gives ""), or <c>null</c> (no fields); later duplicates win. Anything else is null.</summary>
    internal static Dictionary<string, string>? ParseStringMap(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MeshdockJson.MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Null:
                        fields[property.Name] = "";
                        break;
                    default:
                        return null;
                }
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record User(string Username, string Password, string Plan);
}

/// <summary>Go's <c>encoding/json</c> string encoding as of Go 1.13 (the image the real app is built from).</summary>
internal static class GoJson
{
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                // Control characters, and <, > and & (json.Marshal escapes HTML), as \u00XX in lower-case hex.
                case < 0x20 or '<' or '>' or '&':
                    text.Append(CultureInfo.InvariantCulture, $"\\u00{rune.Value:x2}");
                    break;
                case 0x2028 or 0x2029:
                    text.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    break;
                default: text.Append(rune.ToString()); break;
            }
        }

        return text.Append('"').ToString();
    }
}
