namespace Meshdock.Server.Features.Filters;

/// <summary>The filters Meshdock ships, registered at start-up from <see cref="FiltersOptions.BuiltInDirectory"/>.</summary>
public static class BuiltInFilter
{
    /// <summary>Id and name of the proxy-wasm rate-limit filter built from <c>filters/rate-limit/</c>.</summary>
    public const string RateLimit = "rate-limit";

    public const string RateLimitFile = "rate-limit.wasm";

    /// <summary>Image Hub's plans, per user per minute on /pull (0 = unlimited): the demo's rules.</summary>
    public const string ImageHubRules = """{"paths": ["/pull"], "limits": {"Personal": 10, "Team": 100, "Enterprise": 0}}""";

    /// <summary>
    /// Why a filter id is not in the registry: for the shipped rate-limit filter in a build made without
    /// <c>make filters</c>, the packages and commands that build it; for any other id, that it does not exist.
    /// </summary>
    public static string NotFound(string id, BuiltInFilterStatus status) =>
        id == RateLimit && status.Problem is { } problem
            ? problem
            : $"There is no filter with id '{id}'; pick one from GET /api/filters.";
}

/// <summary>What start-up found of the built-in module: nothing to say, or the sentence that tells how to get it.</summary>
public sealed class BuiltInFilterStatus
{
    public const string MissingSentence =
        "The built-in 'rate-limit' filter was not built on this machine: install clang lld wasi-libc libclang-rt-14-dev-wasm32 " +
        "(sudo apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32), run `make filters`, then restart Meshdock.";

    /// <summary>Null when the built-in is registered (or start-up has not looked yet).</summary>
    public string? Problem { get; private set; }

    internal void Missing() => Problem = MissingSentence;

    internal void Invalid(string reason) =>
        Problem = $"The built-in 'rate-limit' filter is not a valid module ({reason}): run `make filters` again, then restart Meshdock.";
}
