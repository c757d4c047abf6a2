using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Apps;

/// <summary>
/// Sample apps as workloads another feature deploys for its own purpose (the overhead report's copies of httpbin):
/// the app's main entrypoint, and deploy / remove inside that feature's operation, with the same pod-by-pod
/// progress and the same labels (so "remove everything" finds them) as a deploy from the Apps page.
/// </summary>
public interface IWorkloadDeployer
{
    /// <summary>The ids of the apps that can be deployed.</summary>
    IReadOnlyList<string> Workloads { get; }

    /// <summary>The app's first entrypoint (its Service, port and path), or null for an unknown app.</summary>
    WorkloadEntrypoint? EntrypointOf(string workload);

    /// <summary>Applies the app into <paramref name="ns"/> (which must exist) and waits until its Deployments are Ready.</summary>
    Task DeployAsync(OperationContext context, string workload, string ns);

    /// <summary>Deletes the app's objects from <paramref name="ns"/> and waits until its workloads are gone.</summary>
    Task RemoveAsync(OperationContext context, string workload, string ns);
}

/// <summary>
/// Where an app answers inside the cluster (<c>http://{Service}.{namespace}.svc.cluster.local:{Port}{Path}</c>), and
/// the label selector of its pods.
/// </summary>
public sealed record WorkloadEntrypoint(string Service, int Port, string Path, string PodSelector);
