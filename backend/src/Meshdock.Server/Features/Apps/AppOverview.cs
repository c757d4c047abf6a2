using k8s;
using k8s.Models;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Apps;

public sealed record AppsResponse(IReadOnlyList<AppView> Apps, string? ClusterProblem);

public sealed record AppView(
    string Id, string Name, string Description, IReadOnlyList<string> Images,
    IReadOnlyList<AppEntrypoint> Entrypoints, IReadOnlyList<AppDeployment> Deployments);

/// <summary>One copy of an app in a namespace. <paramref name="Proxy"/> names the mesh data plane its pods are in, if any.</summary>
public sealed record AppDeployment(
    string Namespace, int ReadyPods, int TotalPods, int MeshedPods, string? Proxy, IReadOnlyList<AppEndpoint> Endpoints);

/// <summary>The sample apps with where each is deployed, how to open it and whether its pods carry a mesh proxy.</summary>
public sealed class AppOverview(SampleAppCatalog apps, IMeshDirectory meshes, ClusterConnection cluster)
{
    public async Task<AppsResponse> GetAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<V1Pod> pods;
        IReadOnlyList<V1Service> services;
        IReadOnlyList<V1Deployment> deployments;
        IReadOnlyList<V1Namespace> namespaces;
        try
        {
            var client = await cluster.GetClientAsync(cancellationToken);
            var selector = ManifestApplier.AppLabel;
            pods = (await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items.ToList();
            services = (await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items.ToList();
            deployments = (await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken)).Items.ToList();
            namespaces = (await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken)).Items.ToList();
        }
        catch (ClusterUnavailableException e)
        {
            return new AppsResponse(apps.Apps.Select(a => View(a, [])).ToList(), e.Message);
        }

        var views = apps.Apps.Select(app =>
        {
            var where = deployments.Where(d => AppOf(d.Metadata) == app.Id).Select(d => d.Metadata.NamespaceProperty).Distinct().Order();
            return View(app, where.Select(ns => Deployment(app, ns,
                pods.Where(p => p.Metadata.NamespaceProperty == ns && AppOf(p.Metadata) == app.Id).ToList(),
                services.Where(s => s.Metadata.NamespaceProperty == ns && AppOf(s.Metadata) == app.Id),
                namespaces.FirstOrDefault(n => n.Metadata.Name == ns))).ToList());
        }).ToList();
        return new AppsResponse(views, null);
    }

    private static AppView View(SampleApp app, IReadOnlyList<AppDeployment> deployments) =>
        new(app.Id, app.Name, app.Description, app.Images, app.Entrypoints, deployments);

    private AppDeployment Deployment(SampleApp app, string ns, List<V1Pod> pods, IEnumerable<V1Service> services, V1Namespace? namespaceObject)
    {
        var proxies = pods.Select(Proxy).ToList();
        var proxy = proxies.FirstOrDefault(p => p is not null);
        // Ambient pods have no sidecar: the namespace label puts them behind the node's ztunnel.
        if (proxy is null && namespaceObject?.Metadata?.Labels?.TryGetValue("istio.io/dataplane-mode", out var mode) == true && mode == "ambient")
        {
            return new AppDeployment(ns, pods.Count(Ready), pods.Count, pods.Count, "Istio ambient (ztunnel)", AppEndpoints.From(app, services));
        }
        return new AppDeployment(ns, pods.Count(Ready), pods.Count, proxies.Count(p => p is not null), proxy, AppEndpoints.From(app, services));
    }

    // Native sidecars (Kubernetes 1.28+) are init containers that keep running, so both lists are searched.
    private string? Proxy(V1Pod pod)
    {
        var names = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).Select(c => c.Name).ToHashSet();
        return meshes.Meshes.FirstOrDefault(m => m.SidecarContainer is { } sidecar && names.Contains(sidecar)) is { } mesh
            ? $"{mesh.DisplayName} ({mesh.SidecarContainer})"
            : null;
    }

    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;

    private static string? AppOf(V1ObjectMeta? metadata) =>
        metadata?.Labels is { } labels && labels.TryGetValue(ManifestApplier.AppLabel, out var app) ? app : null;
}
