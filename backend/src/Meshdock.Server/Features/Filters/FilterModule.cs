using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meshdock.Server.Features.Filters;

/// <summary>A proxy-wasm module in the registry, as the API returns it.</summary>
/// <param name="Id">Stable id; the built-in filters use their name.</param>
/// <param name="AbiVersion">The newest proxy-wasm ABI whose marker the module exports, e.g. "0.2.1".</param>
/// <param name="Exports">Exported names, in module order.</param>
/// <param name="Imports">Imports as <c>module.name</c>, in module order.</param>
/// <param name="BuiltIn">Shipped with Meshdock; cannot be deleted.</param>
/// <param name="DefaultPluginConfig">The plugin configuration used when none is given (built-ins only), e.g. Image Hub's rules.</param>
public sealed record FilterModule(
    string Id,
    string Name,
    string Sha256,
    string AbiVersion,
    long Size,
    IReadOnlyList<string> Exports,
    IReadOnlyList<string> Imports,
    bool BuiltIn,
    JsonElement? DefaultPluginConfig,
    DateTimeOffset CreatedAt)
{
    /// <summary>The root id every mesh gives the filter when none is asked for, and so the sandbox too: Istio passes
    /// the WasmPlugin's <c>pluginName</c> as Envoy's <c>root_id</c>, and Meshdock names the plugin after the filter.</summary>
    [JsonIgnore]
    public string DefaultRootId => Name;

    /// <summary>Why a requested root id cannot be used, or null. Envoy takes any string; control characters and
    /// very long ids are refused because they reach Kubernetes objects and logs.</summary>
    public static string? CheckRootId(string? rootId, string field = "rootId") =>
        rootId is null || (rootId.Length <= 256 && !rootId.Any(char.IsControl))
            ? null
            : $"'{field}' must be at most 256 characters without control characters, such as \"my_root\".";
}
