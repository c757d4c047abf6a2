using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary><c>GET /api/cluster/contexts</c>: names and servers only, never credentials.</summary>
public sealed record ContextList(
    string? Selected,
    IReadOnlyList<ContextInfo> Contexts,
    IReadOnlyList<string> Sources,
    bool Uploaded,
    IReadOnlyList<string> Problems);

/// <summary>
/// One context. <see cref="AuthKind"/> is token, certificate, exec, auth-provider, basic or none;
/// <see cref="Problem"/> says why it cannot be used here, when it cannot.
/// </summary>
public sealed record ContextInfo(
    string Name, string? Cluster, string? User, string? Server, string? Namespace, string Source, string AuthKind, string? Problem);

/// <summary><c>PUT /api/cluster/context</c>.</summary>
public sealed record SelectContextRequest(string? Context);

/// <summary>The fingerprint of the exec credential plugin the panel showed (<see cref="ExecPlugin.Fingerprint"/>).</summary>
public sealed record ExecConfirmationRequest(string? Fingerprint);
