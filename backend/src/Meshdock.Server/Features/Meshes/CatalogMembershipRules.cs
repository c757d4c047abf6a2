
using Meshdock.Server.Features.Namespaces;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// The catalog's namespace-scoped membership rules for the namespaces feature. Meshes that are joined per pod
/// (Consul's annotation) or per service (Traefik Mesh) or not at all (Cilium) have no namespace rule to offer.
/// </summary>
public sealed class CatalogMembershipRules(MeshCatalog catalog) : IMeshMembershipRules
{
    public IReadOnlyList<NamespaceJoinRule> Rules { get; } = catalog.Meshes
        .Where(m => m.Membership is { Count: > 0 } rules && rules.All(r => r.Scope == MembershipScope.Namespace))
        .Select(m => new NamespaceJoinRule(m.Id, m.DisplayName!,
            m.Membership!.Where(r => r.Kind == MembershipKind.Label).ToDictionary(r => r.Key, r => r.Value),
            m.Membership!.Where(r => r.Kind == MembershipKind.Annotation).ToDictionary(r => r.Key, r => r.Value)))
        .ToList();
}
