using Meshdock.Server.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Platform.Session;

/// <summary>What the panel needs to reach the hub: the token and the host port Docker published for it.</summary>
public sealed record SessionInfo(string Token, int? HubPort);

public static class SessionApi
{
    public static IServiceCollection AddSessionInfo(this IServiceCollection services)
    {
        services.AddSingleton<SessionToken>();
        services.AddSingleton<HubPortLocator>();
        return services;
    }

    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder endpoints)
    {
        endpoints.ServiceProvider.GetRequiredService<HubPortLocator>().StartLookup();
        endpoints.MapGroup("/api/session").WithTags("Session")
            .MapGet("/", GetAsync).WithName("GetSession");
        return endpoints;
    }

    private static async Task<Ok<SessionInfo>> GetAsync(SessionToken token, HubPortLocator locator, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SessionInfo(token.Value, await locator.GetAsync(cancellationToken)));
}
