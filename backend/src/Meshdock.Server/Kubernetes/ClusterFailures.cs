using k8s.Autorest;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Kubernetes;

/// <summary>
/// The one translation of the cluster's known failures (helm, readiness, connection, a refused API call) into an
/// operation's failure sentence; anything else stays the operation service's "unexpected" failure.
/// </summary>
public static class ClusterFailures
{
    /// <param name="doing">What the work was doing, for a refused API call: "while {doing}".</param>
    public static async Task TranslateAsync(string doing, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is HelmFailedException or HelmMissingException or WorkloadsNotReadyException or ClusterUnavailableException)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (HttpOperationException e)
        {
            throw new OperationFailedException(KubernetesErrors.Sentence(e, doing), e);
        }
    }
}
