
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Meshes;

public sealed record MeshesResponse(IReadOnlyList<MeshView> Meshes, HelmInfo Helm, string? ClusterProblem);

/// <summary>Whether helm can be used; <paramref name="Note"/> says why not, and that states then come from workloads.</summary>
public sealed record HelmInfo(bool Available, string? Note);

public sealed record MeshView(
    string Id,
    string DisplayName,
    string Description,
    ProjectInfo Project,
    DataPlaneKind DataPlane,
    string Namespace,
    string? DefaultVersion,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> UntestedVersions,
    IReadOnlyList<MembershipRule> Membership,
    WasmSupport Wasm,
    ResourceNeeds Resources,
    IReadOnlyList<string> Warnings,
    string? SidecarContainer,
    MeshStateView State);

/// <summary>
/// The mesh's state; <paramref name="OperationId"/> is the running install/upgrade/uninstall, if any;
/// <paramref name="Releases"/> its helm releases when helm found it (empty when found by its workloads).
/// </summary>
public sealed record MeshStateView(MeshStatus Status, string? Version, string? Reason, string? DetectedBy, string? OperationId,
    IReadOnlyList<MeshReleaseView> Releases)
{
    /// <summary>The mesh's last install, upgrade or uninstall when it failed and left the mesh not cleanly installed:
    /// its cause stays on the card after a reload, beside Retry and Uninstall.</summary>
    public MeshFailureView? LastFailure { get; init; }
}

/// <summary>What the failed operation was, why it failed (its error sentence) and when.</summary>
public sealed record MeshFailureView(string OperationId, string Title, string Error, DateTimeOffset FinishedAt);

/// <summary>One helm release of a mesh: <paramref name="Revision"/> counts its installs and upgrades (1 after the install).</summary>
public sealed record MeshReleaseView(string Name, string Namespace, string? ChartVersion, int? Revision, string Status);

/// <summary>The catalog joined with what is on the cluster and what Meshdock is doing to it right now.</summary>
public sealed class MeshOverview(MeshCatalog catalog, MeshDetector detector, HelmRunner helm, ClusterConnection cluster, OperationService operations,
    ChartRepositoryVersions repositories)
{
    public async Task<MeshesResponse> GetAsync(CancellationToken cancellationToken)
    {
        MeshDetection detection;
        string? clusterProblem = null;
        try
        {
            detection = await DetectAsync(cancellationToken);
        }
        catch (ClusterUnavailableException e)
        {
            clusterProblem = e.Message;
            var unknown = new MeshState(MeshStatus.Unknown, null, e.Message, null);
            var hasHelm = helm.FindBinary() is not null;
            detection = new MeshDetection(catalog.Meshes.ToDictionary(m => m.Id, _ => unknown), hasHelm, hasHelm ? null : helm.MissingSentence());
        }

        var running = Running();
        var finished = clusterProblem is null ? await operations.LatestFinishedAsync(MeshOperations.TargetPrefix, cancellationToken) : null;
        var views = catalog.Meshes.Select(m => View(m, repositories.Untested(m), detection.States[m.Id], detection.Releases.GetValueOrDefault(m.Id) ?? [],
            running.GetValueOrDefault(m.Id), finished?.GetValueOrDefault(MeshOperations.Target(m)))).ToList();
        return new MeshesResponse(views, new HelmInfo(detection.HelmAvailable, detection.HelmNote), clusterProblem);
    }

    /// <summary>What is on the cluster now (helm releases at most a few seconds old); throws <see cref="ClusterUnavailableException"/>.</summary>
    public async Task<MeshDetection> DetectAsync(CancellationToken cancellationToken)
    {
        var client = await cluster.GetClientAsync(cancellationToken);
        return await detector.DetectAsync(client, await cluster.GetHelmTargetAsync(cancellationToken), cancellationToken);
    }

    /// <summary>The install, upgrade or uninstall running for each mesh, by mesh id (from the operation service's memory).</summary>
    public Dictionary<string, Operation> Running() =>
        operations.Running()
            .Where(o => o.Target.StartsWith(MeshOperations.TargetPrefix, StringComparison.Ordinal))
            .ToDictionary(o => o.Target[MeshOperations.TargetPrefix.Length..]);

    private static MeshView View(MeshDefinition m, IReadOnlyList<string> untested, MeshState state, IReadOnlyList<HelmRelease> releases, Operation? running,
        Operation? lastFinished)
    {
        var releaseViews = releases.Select(r => new MeshReleaseView(r.Name, r.Namespace, r.ChartVersion,
            int.TryParse(r.Revision, System.Globalization.CultureInfo.InvariantCulture, out var revision) ? revision : null, r.Status)).ToList();
        var shown = running is null
            ? new MeshStateView(state.Status, state.Version, state.Reason, state.DetectedBy, null, releaseViews)
            : new MeshStateView(running.Kind == MeshOperations.UninstallKind ? MeshStatus.Uninstalling : MeshStatus.Installing,
                state.Version, running.Title, state.DetectedBy, running.Id, releaseViews);
        if (running is null && state.Status is MeshStatus.Degraded or MeshStatus.NotInstalled
            && lastFinished is { Status: OperationStatus.Failed or OperationStatus.Interrupted, Error: { } error })
        {
            shown = shown with { LastFailure = new MeshFailureView(lastFinished.Id, lastFinished.Title, error, lastFinished.FinishedAt ?? lastFinished.CreatedAt) };
        }
        return new MeshView(m.Id, m.DisplayName!, m.Description!, m.Project!, m.DataPlane!.Value, m.Namespace!,
            m.Versions?.Default, m.Versions?.Selectable ?? [], untested, m.Membership ?? [], m.Wasm!, m.Resources!, m.Warnings ?? [],
            m.SidecarContainer, shown);
    }
}
