using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>What a resource URL names: <c>/apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c>
/// (and the legacy <c>/watch/</c> prefix).</summary>
public sealed record RequestTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource, bool WatchPath)
{
    public static RequestTarget Parse(ResourceCatalog catalog, string group, string version, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var watch = false;
        if (segments.Length > 0 && segments[0] == "watch")
        {
            watch = true;
            segments = segments[1..];
        }
        string? ns = null;
        // "namespaces/x/status" is the status of namespace x, not a resource called "status" in namespace x.
        if (segments.Length >= 3 && segments[0] == "namespaces" && !(segments.Length == 3 && segments[2] is "status" or "finalize"))
        {
            ns = segments[1];
            segments = segments[2..];
        }
        if (segments.Length is 0 or > 3) throw NotFound();
        var type = catalog.Find(group, version, segments[0]) ?? throw NotFound();
        if (ns is not null && !type.Namespaced) throw NotFound();
        var name = segments.Length > 1 ? segments[1] : null;
        var subresource = segments.Length > 2 ? segments[2] : null;
        if (subresource is not null && !IsKnownSubresource(type, subresource)) throw NotFound();
        return new RequestTarget(type, ns, name, subresource, watch);
    }

    private static bool IsKnownSubresource(ResourceType type, string subresource) => subresource switch
    {
        "status" => type.HasStatus,
        "scale" => type.HasScale,
        "log" => type.Kind == "Pod" && type.Group.Length == 0,
        "finalize" => type.Kind == "Namespace",
        _ => false,
    };

    public static KubeApiException NotFound() => new(404, "NotFound", "the server could not find the requested resource");
}
