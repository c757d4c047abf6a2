using k8s.Models;
using Meshdock.Server.Features.Namespaces;

namespace Meshdock.Server.Tests.Features.Namespaces;

public class MembershipRulesTests
{
    private static readonly IReadOnlyList<NamespaceJoinRule> Rules = new TestMeshRules().Rules;

    [Fact]
    public void A_namespace_is_a_member_when_every_label_and_annotation_of_the_rule_matches()
    {
        var members = NamespaceMembership.MembershipOf(Rules,
            new Dictionary<string, string> { ["istio-injection"] = "enabled", ["openservicemesh.io/monitored-by"] = "osm" },
            new Dictionary<string, string> { ["openservicemesh.io/sidecar-injection"] = "enabled" });

        Assert.Equal(["istio", "osm"], members.Select(r => r.MeshId));
    }

    [Fact]
    public void Half_a_rule_or_another_value_is_not_membership()
    {
        Assert.Empty(NamespaceMembership.MembershipOf(Rules,
            new Dictionary<string, string> { ["istio-injection"] = "disabled", ["openservicemesh.io/monitored-by"] = "osm" },
            null));
    }

    [Theory]
    [InlineData("kube-system", true)]
    [InlineData("kube-public", true)]
    [InlineData("default", false)]
    [InlineData("istio-system", false)]
    public void Kubernetes_own_namespaces_are_system(string name, bool system) =>
        Assert.Equal(system, NamespaceMembership.IsSystem(name));

    [Theory]
    [InlineData(2, 2, 2, 2, 2, 2, true)]
    [InlineData(3, 2, 2, 2, 2, 2, false)] // a new generation not yet observed
    [InlineData(2, 2, 2, 3, 1, 2, false)] // old pods still running beside the new ones
    [InlineData(2, 2, 2, 2, 2, 1, false)] // not all available
    public void A_deployment_has_rolled_out_as_kubectl_rollout_status_decides(
        long generation, long observed, int desired, int replicas, int updated, int available, bool expected)
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", Generation = generation },
            Spec = new V1DeploymentSpec { Replicas = desired },
            Status = new V1DeploymentStatus { ObservedGeneration = observed, Replicas = replicas, UpdatedReplicas = updated, AvailableReplicas = available },
        };

        Assert.Equal(expected, NamespaceMembership.RolledOut(deployment));
    }
}
