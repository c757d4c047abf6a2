using k8s;
using k8s.Models;

namespace Meshdock.Server.Features.Apps;

/// <summary>How a person reaches one of an app's entrypoints from the host.</summary>
public sealed record AppEndpoint(string Label, string Service, int Port, string? Url);

public static class AppEndpoints
{
    public static async Task<IReadOnlyList<AppEndpoint>> ReadAsync(IKubernetes client, SampleApp app, string ns, CancellationToken cancellationToken)
    {
        var services = await client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: $"{ManifestApplier.AppLabel}={app.Id}", cancellationToken: cancellationToken);
        return From(app, services.Items);
    }

    /// <summary>
    /// Docker Desktop forwards every NodePort (and LoadBalancer port) of its cluster to localhost on the host, so a
    /// node port is an address the user can open.
    /// </summary>
    public static IReadOnlyList<AppEndpoint> From(SampleApp app, IEnumerable<V1Service> services)
    {
        var byName = services.ToDictionary(s => s.Metadata.Name);
        return app.Entrypoints.Select(e =>
        {
            var port = byName.GetValueOrDefault(e.Service)?.Spec?.Ports?.FirstOrDefault(p => p.Port == e.Port);
            var service = byName.GetValueOrDefault(e.Service);
            string? url = service?.Spec?.Type == "LoadBalancer"
                ? $"http://localhost:{e.Port}{e.Path}"
                : port?.NodePort is int nodePort ? $"http://localhost:{nodePort}{e.Path}" : null;
            return new AppEndpoint(e.Label, e.Service, e.Port, url);
        }).ToList();
    }
}
