using System.Text.RegularExpressions;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Meshdock.Server.Tests.Security;

/// <summary>One state-changing API route as the app maps it: method and route pattern.</summary>
public sealed record StateChangingEndpoint(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every POST, PUT, PATCH and DELETE route under /api, read from the app's own <see cref="EndpointDataSource"/>, so
/// an endpoint added later is attacked too without anyone remembering to list it.
/// </summary>
public static partial class StateChangingEndpoints
{
    private static readonly string[] Methods = ["POST", "PUT", "PATCH", "DELETE"];

    public static async Task<IReadOnlyList<StateChangingEndpoint>> ReadAsync()
    {
        using var folder = new TempFolder();
        await using var factory = new WebApplicationFactory<MeshdockOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Meshdock:Data", folder.File("data"));
            web.UseSetting("Cluster:Kubeconfig", folder.File("no-kubeconfig"));
        });
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return [.. endpoints
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => Methods.Contains(m))
                .Select(m => new StateChangingEndpoint(m, e.RoutePattern.RawText!)))
            .Distinct()
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
    }

    /// <summary>The pattern with each route parameter replaced by the value <paramref name="valueFor"/> picks for it.</summary>
    public static string Url(StateChangingEndpoint endpoint, Func<string, string, string> valueFor) =>
        RouteParameter().Replace(endpoint.Pattern, match => Uri.EscapeDataString(valueFor(endpoint.Pattern, match.Groups["name"].Value)));

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
