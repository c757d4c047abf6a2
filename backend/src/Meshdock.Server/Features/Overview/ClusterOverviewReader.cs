using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Overview;

/// <summary>Reads what the Overview page shows about the selected cluster.</summary>
public sealed class ClusterOverviewReader(
    ClusterConnection connection,
    IEnumerable<IInstalledMeshDetector> meshDetectors,
    Microsoft.Extensions.Options.IOptions<ClusterOptions> options)
{
    private const string MetricsGroup = "metrics.k8s.io";

    public async Task<ClusterOverview> ReadAsync(CancellationToken cancellationToken)
    {
        ClusterLink link;
        try
        {
            link = await connection.CheckAsync(cancellationToken);
        }
        catch (ClusterUnavailableException e)
        {
            return new ClusterOverview(false, e.Context, e.KubeconfigSource, e.Server, null, null, connection.InContainer, null, [], null, [],
                e.Message, e.Kind, e.Attempts, [], e.PendingExec);
        }

        var warnings = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        var client = link.Client;

        IReadOnlyList<NodeSummary> nodes = [];
        try
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: timeout.Token);
            nodes = list.Items.Select(Summarize).ToList();
        }
        catch (HttpOperationException e)
        {
            warnings.Add($"The nodes could not be listed ({(int)e.Response.StatusCode}): the user may lack the right to list nodes, so pre-flight checks cannot compare sizes.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            warnings.Add("The cluster stopped answering while its nodes were listed: refresh in a moment.");
        }

        var metrics = await HasMetricsApiAsync(client, timeout.Token);
        var meshes = new List<InstalledMesh>();
        foreach (var detector in meshDetectors)
        {
            try
            {
                meshes.AddRange(await detector.DetectAsync(client, timeout.Token));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One detector failing must not hide the rest of the overview.
                warnings.Add($"Installed meshes could not all be detected ({e.GetType().Name}): refresh in a moment.");
            }
        }

        var version = link.Version;
        return new ClusterOverview(
            true,
            link.Context.Name,
            link.Context.Source,
            EffectiveKubeconfig.FormatServer(link.Context.Server),
            EffectiveKubeconfig.FormatServer(link.Candidate.Address),
            link.Candidate.TlsServerName,
            connection.InContainer,
            new ClusterVersion(version.GitVersion, version.Platform, ParseVersionPart(version.Major), ParseVersionPart(version.Minor)),
            nodes,
            metrics,
            meshes,
            null,
            null,
            link.Attempts,
            warnings);
    }

    public static NodeSummary Summarize(V1Node node)
    {
        var status = node.Status;
        var ready = status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
        return new NodeSummary(
            node.Metadata.Name,
            ready,
            Cores(status?.Capacity),
            Bytes(status?.Capacity),
            Cores(status?.Allocatable),
            Bytes(status?.Allocatable),
            status?.NodeInfo?.KubeletVersion,
            status?.NodeInfo?.OsImage,
            status?.NodeInfo?.Architecture);
    }

    // "Served" means the aggregated API answers, not only that it is registered: a metrics-server that is installed
    // but not ready leaves the group in discovery while every request fails.
    private static async Task<bool> HasMetricsApiAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
            var group = groups.Groups.FirstOrDefault(g => g.Name == MetricsGroup);
            if (group is null)
            {
                return false;
            }

            await client.CustomObjects.ListClusterCustomObjectAsync(MetricsGroup, group.PreferredVersion.Version, "nodes", cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // The caller's own cancellation surfaces at its next await; here only "not served" matters.
            return false;
        }
    }

    private static double Cores(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue("cpu", out var cpu) ? (double)cpu.ToDecimal() : 0;

    private static long Bytes(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue("memory", out var memory) ? memory.ToInt64() : 0;

    private static int? ParseVersionPart(string? part) =>
        int.TryParse(new string((part ?? "").TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
