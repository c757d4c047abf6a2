using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>
/// An embedded Image Hub API (Layer5's demo app) on a loopback port, so the filter demo runs with nothing else
/// installed: <c>POST /signup {username, password, plan}</c>, <c>POST /auth {username, password}</c> →
/// <c>{"token"}</c>, <c>POST /upgrade {username, plan}</c> → a new token, <c>GET /pull</c> with the raw token in
/// <c>Authorization</c>. A token is base64 of <c>{"username", "plan"}</c>, as the real app issues it. One instance
/// serves every sandbox for the life of the backend, so restarting a sandbox keeps the users.
/// </summary>
public sealed class ImageHubUpstream : IAsyncDisposable
{
    public static readonly string[] Plans = ["Personal", "Team", "Enterprise"];

    private static readonly string[] Endpoints = ["POST /signup", "POST /auth", "POST /upgrade", "GET /pull"];

    private readonly ConcurrentDictionary<string, User> users = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim startGate = new(1, 1);
    private WebApplication? app;
    private string? url;

    /// <summary>The origin it listens on (started on first use).</summary>
    public async Task<string> GetUrlAsync(CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            return url;
        }

        await startGate.WaitAsync(cancellationToken);
        try
        {
            if (url is null)
            {
                var started = Build();
                await started.StartAsync(cancellationToken);
                (app, url) = (started, started.Urls.First().TrimEnd('/'));
            }

            return url;
        }
        finally
        {
            startGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        startGate.Dispose();
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        web.MapPost("/signup", SignUp);
        web.MapPost("/auth", Authenticate);
        web.MapPost("/upgrade", Upgrade);
        web.MapGet("/pull", Pull);
        web.MapGet("/", () => Results.Json(new { service = "Image Hub API (embedded by Meshdock)", endpoints = Endpoints }));
        return web;
    }

    private IResult SignUp(Credentials body)
    {
        if (Invalid(body.Username, body.Password, body.Plan, requirePassword: true) is { } error)
        {
            return Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
        }

        var plan = Plans.First(p => p.Equals(body.Plan, StringComparison.OrdinalIgnoreCase));
        return users.TryAdd(body.Username!, new User(body.Password!, plan))
            ? Results.Json(new { username = body.Username, plan }, statusCode: StatusCodes.Status201Created)
            : Results.Json(new { error = $"User '{body.Username}' already exists." }, statusCode: StatusCodes.Status409Conflict);
    }

    private IResult Authenticate(Credentials body) =>
        body.Username is { } name && users.TryGetValue(name, out var user) && user.Password == body.Password
            ? Results.Json(new { token = Token(name, user.Plan) })
            : Results.Json(new { error = "Wrong username or password." }, statusCode: StatusCodes.Status401Unauthorized);

    private IResult Upgrade(Credentials body)
    {
        if (Invalid(body.Username, body.Password, body.Plan, requirePassword: false) is { } error)
        {
            return Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
        }

        var plan = Plans.First(p => p.Equals(body.Plan, StringComparison.OrdinalIgnoreCase));
        while (users.TryGetValue(body.Username!, out var user))
        {
            if (users.TryUpdate(body.Username!, user with { Plan = plan }, user))
            {
                return Results.Json(new { token = Token(body.Username!, plan) });
            }
        }

        return Results.Json(new { error = $"No user '{body.Username}'; sign up first." }, statusCode: StatusCodes.Status404NotFound);
    }

    private IResult Pull(HttpRequest request)
    {
        var token = request.Headers.Authorization.ToString();
        return ReadToken(token) is { } claims && users.TryGetValue(claims.Username, out var user)
            ? Results.Json(new { image = "imagehub/sample:latest", pulledBy = claims.Username, plan = user.Plan })
            : Results.Json(new { error = "Send the token from POST /auth in the Authorization header." }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static string? Invalid(string? username, string? password, string? plan, bool requirePassword) =>
        string.IsNullOrWhiteSpace(username) ? "'username' is required."
        : requirePassword && string.IsNullOrEmpty(password) ? "'password' is required."
        : !Plans.Contains(plan ?? "", StringComparer.OrdinalIgnoreCase) ? $"'plan' must be one of {string.Join(", ", Plans)}."
        : null;

    private static string Token(string username, string plan) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new TokenClaims(username, plan), TokenJson)));

    private static TokenClaims? ReadToken(string token)
    {
        try
        {
            return JsonSerializer.Deserialize<TokenClaims>(Convert.FromBase64String(token.Trim()), TokenJson) is { Username.Length: > 0 } claims ? claims : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions TokenJson = new(JsonSerializerDefaults.Web);

    internal sealed record Credentials(string? Username, string? Password, string? Plan);

    private sealed record TokenClaims(string Username, string Plan);

    private sealed record User(string Password, string Plan);
}
