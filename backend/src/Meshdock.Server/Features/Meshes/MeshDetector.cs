using k8s;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// Finds which meshes are on the cluster from two sources: helm releases (what Meshdock or a user installed with
/// helm) and the health workloads (what istioctl, linkerd install or anything else left there). When helm is
/// missing, the workloads alone answer. Releases come from <see cref="HelmReleaseCache"/> (a few seconds old at most);
/// workloads are read every time.
/// </summary>
public sealed class MeshDetector(MeshCatalog catalog, HelmReleaseCache releaseCache)
{
    public async Task<MeshDetection> DetectAsync(IKubernetes client, HelmTarget helmCluster, CancellationToken cancellationToken)
    {
        IReadOnlyList<HelmRelease>? releases = null;
        string? helmNote = null;
        try
        {
            releases = await releaseCache.GetAsync(helmCluster, cancellationToken);
        }
        catch (HelmMissingException e)
        {
            helmNote = e.Message + " Mesh states come from the workloads alone.";
        }
        catch (HelmFailedException e)
        {
            helmNote = e.Message + " Mesh states come from the workloads alone.";
        }

        var workloads = new Dictionary<string, IReadOnlyList<WorkloadState>>();
        foreach (var mesh in catalog.Meshes)
        {
            workloads[mesh.Id] = await ReadHealthAsync(client, mesh, cancellationToken);
        }
        var states = Decide(catalog.Meshes, releases, workloads);
        return new MeshDetection(states, releases is not null, helmNote)
        {
            Releases = catalog.Meshes.Where(m => states[m.Id].DetectedBy == "helm").ToDictionary(m => m.Id, m => (IReadOnlyList<HelmRelease>)
                [.. m.Helm!.Charts!.SelectMany(c => releases!.Where(r => r.Name == c.Release && r.Namespace == (c.Namespace ?? m.Namespace)))]),
        };
    }

    public static async Task<IReadOnlyList<WorkloadState>> ReadHealthAsync(IKubernetes client, MeshDefinition mesh, CancellationToken cancellationToken)
    {
        var tasks = mesh.Health!.Select(w => WorkloadHealth.ReadAsync(client, w.Kind, w.Name, w.Namespace ?? mesh.Namespace!, cancellationToken));
        return await Task.WhenAll(tasks);
    }

    /// <summary>
    /// The decision, free of I/O. Meshes overlap (Istio ambient has every release and workload Istio has, and more),
    /// so a mesh whose findings are all explained by another, fully present mesh counts as not installed.
    /// </summary>
    internal static Dictionary<string, MeshState> Decide(
        IReadOnlyList<MeshDefinition> meshes,
        IReadOnlyList<HelmRelease>? releases,
        IReadOnlyDictionary<string, IReadOnlyList<WorkloadState>> workloads)
    {
        var expectedReleases = meshes.ToDictionary(m => m.Id, m => m.Helm!.Charts!.Select(c => Key(c.Namespace ?? m.Namespace!, c.Release)).ToHashSet());
        var foundReleases = meshes.ToDictionary(m => m.Id, m => releases?
            .Where(r => expectedReleases[m.Id].Contains(Key(r.Namespace, r.Name)))
            .ToList() ?? []);
        var expectedWorkloads = meshes.ToDictionary(m => m.Id, m => workloads[m.Id].Select(w => w.Title).ToHashSet());
        var foundWorkloads = meshes.ToDictionary(m => m.Id, m => workloads[m.Id].Where(w => w.Exists).Select(w => w.Title).ToHashSet());

        var fullByHelm = meshes.Where(m => foundReleases[m.Id].Count == expectedReleases[m.Id].Count).Select(m => m.Id).ToList();
        var fullByWorkloads = meshes.Where(m => foundWorkloads[m.Id].Count == expectedWorkloads[m.Id].Count).Select(m => m.Id).ToList();

        var states = new Dictionary<string, MeshState>();
        foreach (var mesh in meshes)
        {
            var found = foundReleases[mesh.Id].Select(r => Key(r.Namespace, r.Name)).ToHashSet();
            states[mesh.Id] = found.Count > 0
                ? ByHelm(mesh, found, foundReleases[mesh.Id], workloads[mesh.Id], expectedReleases, fullByHelm)
                : ByWorkloads(mesh, foundWorkloads[mesh.Id], workloads[mesh.Id], expectedWorkloads, fullByWorkloads);
        }
        return states;
    }

    private static MeshState ByHelm(
        MeshDefinition mesh, HashSet<string> found, List<HelmRelease> releases, IReadOnlyList<WorkloadState> health,
        Dictionary<string, HashSet<string>> expected, List<string> full)
    {
        var mine = expected[mesh.Id];
        if (ExplainedByOther(mesh.Id, found, mine, expected, full))
        {
            return MeshState.NotInstalled;
        }
        var version = releases.Select(r => r.ChartVersion).LastOrDefault(v => v is not null);
        if (found.Count < mine.Count)
        {
            var missing = string.Join(", ", mine.Except(found));
            return new MeshState(MeshStatus.Degraded, version, $"Some of its helm releases are missing ({missing}): install again to finish, or uninstall.", "helm");
        }
        if (releases.FirstOrDefault(r => !r.IsDeployed) is { } broken)
        {
            return new MeshState(MeshStatus.Degraded, version, $"Helm release {broken.Namespace}/{broken.Name} is {broken.Status}: upgrade or uninstall it.", "helm");
        }
        return Readiness(health, version, "helm");
    }

    private static MeshState ByWorkloads(
        MeshDefinition mesh, HashSet<string> found, IReadOnlyList<WorkloadState> health,
        Dictionary<string, HashSet<string>> expected, List<string> full)
    {
        var mine = expected[mesh.Id];
        if (found.Count == 0 || ExplainedByOther(mesh.Id, found, mine, expected, full))
        {
            return MeshState.NotInstalled;
        }
        var version = health.Select(w => ImageTag(w.Image)).FirstOrDefault(v => v is not null);
        if (found.Count < mine.Count)
        {
            var missing = string.Join(", ", mine.Except(found));
            return new MeshState(MeshStatus.Degraded, version, $"Some of its control-plane workloads are missing ({missing}).", "workloads");
        }
        return Readiness(health, version, "workloads");
    }

    private static MeshState Readiness(IReadOnlyList<WorkloadState> health, string? version, string detectedBy)
    {
        var notReady = health.Where(w => !w.Ready).Select(w => w.Detail).ToList();
        return notReady.Count == 0
            ? new MeshState(MeshStatus.Installed, version, null, detectedBy)
            : new MeshState(MeshStatus.Degraded, version, string.Join("; ", notReady) + ".", detectedBy);
    }

    // True when what was found for this mesh belongs to another mesh that is fully present and larger.
    private static bool ExplainedByOther(string id, HashSet<string> found, HashSet<string> mine, Dictionary<string, HashSet<string>> expected, List<string> full)
    {
        foreach (var other in full.Where(other => other != id && found.IsSubsetOf(expected[other])))
        {
            // Partly here, wholly there (Istio ambient's releases seen from Istio ambient while Istio is installed),
            // or wholly here but there is bigger (Istio seen while Istio ambient is installed).
            if (found.Count < mine.Count || mine.IsProperSubsetOf(expected[other]))
            {
                return true;
            }
        }
        return false;
    }

    private static string Key(string ns, string name) => $"{ns}/{name}";

    private static string? ImageTag(string? image)
    {
        if (image is null)
        {
            return null;
        }
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
    }
}
