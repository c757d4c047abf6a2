using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Platform.Health;

public sealed record HealthResponse(string Status, string Version, double UptimeSeconds);

public static class HealthApi
{
    // "0.1.0+<commit>" -> "0.1.0"
    private static readonly string Version =
        (typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/health").WithTags("Health")
            .MapGet("/", Get).WithName("GetHealth");
        return endpoints;
    }

    private static Ok<HealthResponse> Get()
    {
        using var process = Process.GetCurrentProcess();
        var uptime = DateTime.Now - process.StartTime;
        return TypedResults.Ok(new HealthResponse("ok", Version, Math.Round(uptime.TotalSeconds, 1)));
    }
}
