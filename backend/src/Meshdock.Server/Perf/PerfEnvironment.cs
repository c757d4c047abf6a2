using Meshdock.Load.Smp;

namespace Meshdock.Server.Perf;

/// <summary>
/// What an SMP export says about where a run happened: the cluster's Kubernetes version and nodes, and the mesh the
/// target belongs to. Only what is really known is returned; null leaves the field out of the file.
/// </summary>
public class PerfEnvironment
{
    public virtual Task<SmpEnvironment?> DescribeAsync(CancellationToken cancellationToken) => Task.FromResult<SmpEnvironment?>(null);

    public virtual Task<SmpMesh?> MeshOfAsync(string url, CancellationToken cancellationToken) => Task.FromResult<SmpMesh?>(null);
}
