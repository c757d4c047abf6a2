namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>
/// The Service a URL names as a pod's resolver reads it (search path <c>NS.svc.cluster.local</c>,
/// <c>svc.cluster.local</c>, <c>cluster.local</c>): <c>web</c> in the pod's own namespace, <c>web.shop</c>,
/// <c>web.shop.svc</c> and <c>web.shop.svc.cluster.local</c>. Anything else (an IP, a public name) names no Service.
/// </summary>
public sealed record TargetService(string Namespace, string Name)
{
    public static TargetService? Of(string url, string podNamespace)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.Dns || uri.IsLoopback)
        {
            return null;
        }

        var labels = uri.Host.TrimEnd('.').ToLowerInvariant().Split('.');
        return labels switch
        {
            [var name] => new TargetService(podNamespace, name),
            [var name, var ns] => new TargetService(ns, name),
            [var name, var ns, "svc"] => new TargetService(ns, name),
            [var name, var ns, "svc", "cluster", "local"] => new TargetService(ns, name),
            _ => null,
        };
    }

    public override string ToString() => $"{Namespace}/{Name}";
}
