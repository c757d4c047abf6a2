namespace Meshdock.Server.Features.Filters;

/// <summary>The filters Meshdock ships, registered at start-up from <see cref="FiltersOptions.BuiltInDirectory"/>.</summary>
public static class BuiltInFilter
{
    /// <summary>Id and name of the proxy-wasm rate-limit filter built from <c>filters/rate-limit/</c>.</summary>
    public const string RateLimit = "rate-limit";

    public const string RateLimitFile = "rate-limit.wasm";

    /// <summary>Image Hub's plans, per user per minute on /pull (0 = unlimited): the demo's rules.</summary>
    public const string ImageHubRules = """{"paths": ["/pull"], "limits": {"Personal": 10, "Team": 100, "Enterprise": 0}}""";
}
