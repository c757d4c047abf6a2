namespace Meshdock.Server.Features.Filters;

/// <summary>Bound from the configuration section "Filters".</summary>
public sealed class FiltersOptions
{
    public const string Section = "Filters";

    /// <summary>Where the built-in modules are (<c>rate-limit.wasm</c>...): next to the assembly by default, which is
    /// where the build and the Dockerfile put them.</summary>
    public string BuiltInDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "filters");
}
