namespace Meshdock.Server.Features.Namespaces;

/// <summary>
/// One namespace as the Namespaces view shows it. <see cref="Meshes"/> lists the meshes it has joined;
/// <see cref="System"/> namespaces (kube-*) are never offered for joining.
/// </summary>
public sealed record NamespaceSummary(
    string Name,
    string? Phase,
    bool System,
    IReadOnlyList<MeshMembership> Meshes,
    int Deployments,
    DateTimeOffset? CreatedAt);

public sealed record MeshMembership(string MeshId, string MeshName);

/// <summary><c>GET /api/namespaces</c>: the namespaces, and the meshes a namespace can join.</summary>
public sealed record NamespaceList(IReadOnlyList<NamespaceSummary> Namespaces, IReadOnlyList<MeshMembership> JoinableMeshes);

/// <summary><c>POST /api/namespaces/{name}/meshes</c>.</summary>
public sealed record JoinMeshRequest(string? Mesh);
