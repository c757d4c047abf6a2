using System.Text.Json;

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
    DateTimeOffset CreatedAt);
