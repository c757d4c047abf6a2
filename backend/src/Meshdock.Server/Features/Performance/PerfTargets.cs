using k8s;
using k8s.Models;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Performance.ClusterRunner;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// A Service a run can target, with the URL each runner reaches it by. <paramref name="LocalUrl"/> is null for a
/// ClusterIP-only Service: only the cluster runner reaches it. <paramref name="App"/> names the sample app it belongs to.
/// </summary>
public sealed record PerfTarget(
    string Namespace, string Service, int Port, string? PortName, string Type, string? App, string? Mesh, string ClusterUrl, string? LocalUrl);

public sealed record PerfTargetList(IReadOnlyList<PerfTarget> Targets);

/// <summary>
/// The cluster's Services as load-test targets. From inside the cluster a Service is <c>name.namespace:port</c>; from
/// Meshdock's own process only NodePort and LoadBalancer Services are reachable, through the ports Docker Desktop
/// forwards to the host: <c>localhost</c> in standalone mode, the host gateway from the extension's container.
/// </summary>
public sealed class PerfTargets(ClusterConnection connection, IEnumerable<IMeshMembershipRules> meshRules, IOptions<PerfOptions> perf, IOptions<MeshdockOptions> meshdock)
{
    public async Task<PerfTargetList> ListAsync(CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        var meshes = namespaces.Items.ToDictionary(ns => ns.Metadata.Name, ns => NamespaceMesh.Of(meshRules, ns.Metadata)?.MeshName);
        var services = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: cancellationToken);
        var host = meshdock.Value.ContainerMode ? perf.Value.HostGateway : "localhost";
        var targets = services.Items
            .Where(s => !NamespaceIsSystem(s.Metadata.NamespaceProperty) && s.Spec?.Type != "ExternalName" && s.Spec?.ClusterIP != "None")
            .SelectMany(s => (s.Spec?.Ports ?? []).Where(p => p.Protocol is null or "TCP").Select(p => Target(s, p, meshes.GetValueOrDefault(s.Metadata.NamespaceProperty), host)))
            .OrderBy(t => t.App is null)
            .ThenBy(t => t.Namespace, StringComparer.Ordinal)
            .ThenBy(t => t.Service, StringComparer.Ordinal)
            .ThenBy(t => t.Port)
            .ToList();
        return new PerfTargetList(targets);
    }

    private static PerfTarget Target(V1Service service, V1ServicePort port, string? mesh, string host)
    {
        var ns = service.Metadata.NamespaceProperty;
        var name = service.Metadata.Name;
        var scheme = port.Port == 443 || port.Name?.StartsWith("https", StringComparison.Ordinal) == true ? "https" : "http";
        var type = service.Spec?.Type ?? "ClusterIP";
        // Docker Desktop forwards every NodePort, and a LoadBalancer's port, to the host's loopback.
        var local = type == "LoadBalancer" ? $"{scheme}://{host}:{port.Port}/"
            : port.NodePort is int nodePort ? $"{scheme}://{host}:{nodePort}/"
            : null;
        var app = service.Metadata.Labels?.TryGetValue(ManagedBy.SampleAppLabel, out var id) == true ? id : null;
        return new PerfTarget(ns, name, port.Port, port.Name, type, app, mesh, $"{scheme}://{name}.{ns}:{port.Port}/", local);
    }

    private static bool NamespaceIsSystem(string ns) => ns.StartsWith("kube-", StringComparison.Ordinal);
}
