namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>What one attachment puts into a mesh: a module (pinned by sha256, served by the filter server) with its
/// configuration, on the workloads matching <see cref="Selector"/> in <see cref="Namespace"/>.</summary>
/// <param name="Name">The mesh object's name, e.g. <c>rate-limit-api</c>.</param>
/// <param name="Selector">Pod labels; Consul and Kuma use the <c>app</c> label as the service name.</param>
/// <param name="PluginConfig">JSON text handed to the filter's <c>proxy_on_configure</c>.</param>
public sealed record AttachmentTarget(
    string Name,
    string Namespace,
    IReadOnlyDictionary<string, string> Selector,
    string FilterName,
    string Sha256,
    string PluginConfig)
{
    public string ModuleUrl => FilterServerManifests.ModuleUrl(Sha256);

    /// <summary>The service a Consul or Kuma attachment applies to: the selector's <c>app</c> label.</summary>
    public string? ServiceName => Selector.TryGetValue("app", out var app) ? app : null;
}
