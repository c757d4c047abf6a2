namespace Meshdock.Server.Features.Namespaces;

/// <summary>
/// How an application namespace joins each mesh, taken from the mesh catalog (the meshes feature registers the
/// implementation). Every registered implementation contributes its rules; with none registered, namespaces are listed
/// without membership and cannot join anything.
/// </summary>
public interface IMeshMembershipRules
{
    IReadOnlyList<NamespaceJoinRule> Rules { get; }
}

/// <summary>
/// A namespace is a member of <paramref name="MeshId"/> when it carries every one of these labels and annotations with
/// these values; joining sets them all, leaving removes them. Example: Istio sidecar =
/// <c>labels: { istio-injection: enabled }</c>; Linkerd = <c>annotations: { linkerd.io/inject: enabled }</c>; Open
/// Service Mesh = one label and one annotation.
/// </summary>
public sealed record NamespaceJoinRule(
    string MeshId,
    string MeshName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);
