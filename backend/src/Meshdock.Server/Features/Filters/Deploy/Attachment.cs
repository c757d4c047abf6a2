namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>A filter attached (or being attached) to workloads of a mesh.</summary>
/// <param name="Status"><c>attaching</c>, <c>attached</c>, <c>detaching</c> or <c>failed</c> (the operation's error says why).</param>
/// <param name="PluginConfig">The text the filter's <c>proxy_on_configure</c> reads (JSON text for a JSON object).</param>
/// <param name="RootId">The root id the mesh object names: the one asked for, else the filter's name.</param>
/// <param name="VmConfiguration">The text the filter's <c>proxy_on_vm_start</c> reads; empty for none.</param>
/// <param name="OperationId">The last attach or detach operation.</param>
public sealed record Attachment(
    string Id,
    string FilterId,
    string FilterName,
    string Sha256,
    string Mesh,
    string Namespace,
    IReadOnlyDictionary<string, string> WorkloadSelector,
    string PluginConfig,
    string RootId,
    string VmConfiguration,
    string ObjectKind,
    string ObjectName,
    string ObjectNamespace,
    string Status,
    string? OperationId,
    DateTimeOffset CreatedAt);

/// <param name="Mesh">A mesh id: istio, consul, kuma (others cannot run proxy-wasm and are refused with the reason).</param>
/// <param name="WorkloadSelector">Pod labels, e.g. <c>{"app": "api"}</c>; Consul and Kuma need an <c>app</c> label (the service).</param>
/// <param name="PluginConfig">A JSON object or a string (Istio takes only objects), or null for the filter's default.</param>
/// <param name="VmConfiguration">The text <c>proxy_on_vm_start</c> reads (Consul and Kuma only; Istio has no field for it).</param>
/// <param name="RootId">Envoy's <c>root_id</c>; null for the filter's name, as the sandbox uses.</param>
public sealed record AttachRequest(string? Mesh, string? Namespace, Dictionary<string, string>? WorkloadSelector,
    System.Text.Json.JsonElement? PluginConfig, string? VmConfiguration = null, string? RootId = null);

/// <summary>Image Hub "with filter": the built-in rate-limit filter with Image Hub's rules on the <c>api</c> workload.</summary>
public sealed record ImageHubDemoRequest(string? Mesh, string? Namespace);
