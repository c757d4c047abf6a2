namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>What one attachment puts into a mesh: a module (pinned by sha256, served by the filter server) with its
/// configuration, on the workloads matching <see cref="Selector"/> in <see cref="Namespace"/>.</summary>
/// <param name="Name">The mesh object's name, e.g. <c>rate-limit-api</c>.</param>
/// <param name="Selector">Pod labels; Consul and Kuma use the <c>app</c> label as the service name.</param>
/// <param name="PluginConfig">The text handed to the filter's <c>proxy_on_configure</c> (JSON for Istio).</param>
/// <param name="RootId">Envoy's <c>root_id</c>; empty means the filter's name.</param>
/// <param name="VmConfiguration">The text handed to <c>proxy_on_vm_start</c>.</param>
public sealed record AttachmentTarget(
    string Name,
    string Namespace,
    IReadOnlyDictionary<string, string> Selector,
    string FilterName,
    string Sha256,
    string PluginConfig,
    string RootId = "",
    string VmConfiguration = "")
{
    /// <summary>The root id the mesh object names: the one asked for, else the filter's name (what Istio derives from
    /// <c>pluginName</c>, and the sandbox's default).</summary>
    public string EffectiveRootId => RootId.Length > 0 ? RootId : FilterName;

    public string ModuleUrl => FilterServerManifests.ModuleUrl(Sha256);

    /// <summary>The service a Consul or Kuma attachment applies to: the selector's <c>app</c> label.</summary>
    public string? ServiceName => Selector.TryGetValue("app", out var app) ? app : null;
}
