using k8s.Models;
using Meshdock.Server.Features.Namespaces;

namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>The mesh a namespace belongs to, by the join rules the Namespaces feature publishes.</summary>
public static class NamespaceMesh
{
    public static NamespaceJoinRule? Of(IEnumerable<IMeshMembershipRules> sources, V1ObjectMeta? metadata) =>
        sources.SelectMany(s => s.Rules).FirstOrDefault(rule => rule.Labels.Count + rule.Annotations.Count > 0
            && Has(rule.Labels, metadata?.Labels) && Has(rule.Annotations, metadata?.Annotations));

    private static bool Has(IReadOnlyDictionary<string, string> wanted, IDictionary<string, string>? present) =>
        wanted.All(w => present?.TryGetValue(w.Key, out var value) == true && value == w.Value);
}
