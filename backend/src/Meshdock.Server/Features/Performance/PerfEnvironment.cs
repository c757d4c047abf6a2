using k8s;
using Meshdock.Load.Smp;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// What an SMP export says about where a run happened: the connected cluster's Kubernetes version and nodes, and the
/// mesh the target's namespace belongs to. Only what is really known is returned; null leaves the field out of the
/// file (no cluster connected, or a target outside the cluster).
/// </summary>
public sealed partial class PerfEnvironment(
    ClusterConnection connection, INamespaceMeshes namespaces, IEnumerable<IInstalledMeshDetector> detectors, ILogger<PerfEnvironment> logger)
{
    // An export must not hang on a cluster that stopped answering; the environment is then left out.
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    public async Task<SmpEnvironment?> DescribeAsync(CancellationToken cancellationToken)
    {
        var client = await TryClientAsync(cancellationToken);
        if (client is null)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        try
        {
            var version = await client.Version.GetCodeAsync(timeout.Token);
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: timeout.Token);
            return new SmpEnvironment
            {
                KubernetesVersion = version.GitVersion,
                Nodes = [.. nodes.Items.Select(node => new SmpNode
                {
                    Type = node.Metadata.Labels?.TryGetValue("node.kubernetes.io/instance-type", out var type) == true ? type : null,
                    Cores = node.Status?.Capacity?.TryGetValue("cpu", out var cpu) == true ? (int)Math.Ceiling(cpu.ToDecimal()) : null,
                    MemMb = node.Status?.Capacity?.TryGetValue("memory", out var memory) == true ? (long)(memory.ToDecimal() / (1024 * 1024)) : null,
                })],
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EnvironmentUnknown(logger, e.Message);
            return null;
        }
    }

    /// <summary>The mesh of the target's namespace when the URL names a cluster service (<c>svc.ns</c>, <c>svc.ns.svc…</c>).</summary>
    public async Task<SmpMesh?> MeshOfAsync(string url, CancellationToken cancellationToken)
    {
        if (ServiceNamespace(url) is not { } ns || await TryClientAsync(cancellationToken) is not { } client)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        try
        {
            var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: timeout.Token);
            var meshes = namespaces.MeshesOf(found.Metadata.Labels, found.Metadata.Annotations);
            if (meshes.Count == 0)
            {
                return null;
            }

            var mesh = meshes[0];

            string? version = null;
            foreach (var detector in detectors)
            {
                version ??= (await detector.DetectAsync(client, timeout.Token)).FirstOrDefault(m => m.Id == mesh.MeshId)?.Version;
            }

            return new SmpMesh(mesh.MeshName, version);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MeshUnknown(logger, ns, e.Message);
            return null;
        }
    }

    /// <summary><c>http://productpage.bookinfo:9080/</c> → <c>bookinfo</c>; an IP, <c>localhost</c> or a public name → null.</summary>
    internal static string? ServiceNamespace(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }

        var parts = uri.Host.Split('.');
        return parts.Length == 2 || (parts.Length >= 3 && parts[2] == "svc") ? parts[1] : null;
    }

    private async Task<IKubernetes?> TryClientAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await connection.GetClientAsync(cancellationToken);
        }
        catch (ClusterUnavailableException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMP export without the cluster environment: {Reason}")]
    private static partial void EnvironmentUnknown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMP export without the mesh of namespace {Namespace}: {Reason}")]
    private static partial void MeshUnknown(ILogger logger, string @namespace, string reason);
}
