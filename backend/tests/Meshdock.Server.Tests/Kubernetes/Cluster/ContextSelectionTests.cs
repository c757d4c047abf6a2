
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class ContextSelectionTests
{
    [Fact]
    public void The_persisted_choice_wins_while_it_exists() =>
        Assert.Equal("kind", ContextSelection.Choose(["docker-desktop", "kind"], "kind", "docker-desktop"));

    [Fact]
    public void Docker_desktop_is_preferred_over_the_kubeconfigs_current_context() =>
        Assert.Equal("docker-desktop", ContextSelection.Choose(["prod", "docker-desktop"], null, "prod"));

    [Fact]
    public void A_persisted_choice_that_disappeared_falls_back_to_docker_desktop() =>
        Assert.Equal("docker-desktop", ContextSelection.Choose(["docker-desktop"], "gone", null));

    [Fact]
    public void Without_docker_desktop_the_current_context_then_the_first_is_used()
    {
        Assert.Equal("b", ContextSelection.Choose(["a", "b"], null, "b"));
        Assert.Equal("a", ContextSelection.Choose(["a", "b"], null, "missing"));
        Assert.Null(ContextSelection.Choose([], null, null));
    }
}
