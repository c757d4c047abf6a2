using System.Text.Json;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Filters;

/// <summary>
/// Registry filters attached by another feature for its own purpose (the overhead report's filtered namespace): the
/// same checks, the same filter server and the same mesh objects as an attach from the Filters page, and the
/// attachment listed with the others, so it can be seen and detached there too.
/// </summary>
public interface IFilterAttacher
{
    /// <summary>The steps <see cref="AttachAsync"/> adds to the caller's operation.</summary>
    const int AttachSteps = 4;

    /// <summary>
    /// Adds to <paramref name="validation"/>, under <paramref name="field"/> and its sub-fields, why
    /// <paramref name="filter"/> cannot be attached to workloads of <paramref name="meshId"/>: no such filter in the
    /// registry, a mesh that cannot run proxy-wasm, settings the mesh's object cannot carry.
    /// </summary>
    Task CheckAsync(Validation validation, string field, string meshId, FilterChoice filter, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches a checked <paramref name="filter"/> to the pods of <paramref name="ns"/> matching
    /// <paramref name="selector"/>, inside the caller's operation; returns the attachment's id.
    /// </summary>
    Task<string> AttachAsync(OperationContext context, string meshId, FilterChoice filter, string ns, IReadOnlyDictionary<string, string> selector);

    /// <summary>Removes the attachment (its mesh object, and the module from the filter server when nothing else uses it); nothing when it is gone.</summary>
    /// <exception cref="Kubernetes.Cluster.ClusterUnavailableException">The cluster cannot be reached.</exception>
    Task DetachAsync(string attachmentId, CancellationToken cancellationToken);
}

/// <summary>A registry filter with the settings to attach it with.</summary>
/// <param name="Name">The filter's name in the registry (<c>rate-limit</c> for the built-in).</param>
/// <param name="Configuration">What <c>proxy_on_configure</c> reads: a JSON object or a string (Istio takes objects only); the filter's default when absent.</param>
/// <param name="VmConfiguration">What <c>proxy_on_vm_start</c> reads (Consul and Kuma only).</param>
/// <param name="RootId">Envoy's <c>root_id</c>; the filter's name when absent.</param>
public sealed record FilterChoice(string? Name, JsonElement? Configuration = null, string? VmConfiguration = null, string? RootId = null);
