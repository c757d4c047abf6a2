using k8s.Models;
using Meshdock.Server.Kubernetes.Workloads;

namespace Meshdock.Server.Tests.Kubernetes.Workloads;

public sealed class PodSnapshotTests
{
    private static V1Pod Pod(string phase, V1ContainerState? state = null, bool ready = false, int restarts = 0, V1ContainerState? init = null, V1PodCondition? condition = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "istiod-abc" },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }, .. condition is null ? Array.Empty<V1PodCondition>() : [condition]],
            ContainerStatuses = state is null ? null : [new V1ContainerStatus { Name = "discovery", Image = "i", ImageID = "", State = state, RestartCount = restarts, Ready = ready }],
            InitContainerStatuses = init is null ? null : [new V1ContainerStatus { Name = "init", Image = "i", ImageID = "", State = init }],
        },
    };

    [Fact]
    public void Reads_the_states_a_user_sees_in_kubectl()
    {
        Assert.Equal("Pending", PodSnapshot.From(Pod("Pending")).Label);
        Assert.Equal("ContainerCreating", PodSnapshot.From(Pod("Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } })).Label);
        Assert.Equal("Running", PodSnapshot.From(Pod("Running", new V1ContainerState { Running = new V1ContainerStateRunning() })).Label);
        var ready = PodSnapshot.From(Pod("Running", new V1ContainerState { Running = new V1ContainerStateRunning() }, ready: true, restarts: 2));
        Assert.Equal(("Ready", true, 2), (ready.Label, ready.Ready, ready.Restarts));
        Assert.Equal("Init:CrashLoopBackOff", PodSnapshot.From(Pod("Pending", init: new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } })).Label);
    }

    [Fact]
    public void An_image_pull_back_off_is_a_failure_with_its_message_while_err_image_pull_is_only_a_problem()
    {
        var backOff = PodSnapshot.From(Pod("Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image \"nope:1\"" } }));
        Assert.True(backOff.HasImageFailure);
        Assert.Equal("Back-off pulling image \"nope:1\"", backOff.Message);

        var pullError = PodSnapshot.From(Pod("Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull" } }));
        Assert.False(pullError.HasImageFailure);
        Assert.True(pullError.IsProblem);
    }

    [Fact]
    public void An_unschedulable_pod_says_why()
    {
        var pod = PodSnapshot.From(Pod("Pending", condition: new V1PodCondition
        {
            Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient cpu.",
        }));

        Assert.Equal("Unschedulable", pod.Label);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", pod.Message);
    }
}
