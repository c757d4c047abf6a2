namespace Meshdock.Load.Cluster;

/// <summary>
/// How a pod asks its namespace's mesh to inject it, or not: each mesh reads its own pod label or annotation. A
/// namespace in the mesh injects its pods by default; the opt-out keeps the runner outside when <c>meshed</c> is false.
/// </summary>
public static class MeshInjection
{
    public sealed record PodMarks(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

    private static readonly Dictionary<string, (string Key, bool IsLabel, string In, string Out)> Marks = new(StringComparer.Ordinal)
    {
        ["istio"] = ("sidecar.istio.io/inject", true, "true", "false"),
        ["istio-ambient"] = ("istio.io/dataplane-mode", true, "ambient", "none"),
        ["linkerd"] = ("linkerd.io/inject", false, "enabled", "disabled"),
        ["consul"] = ("consul.hashicorp.com/connect-inject", false, "true", "false"),
        ["kuma"] = ("kuma.io/sidecar-injection", true, "enabled", "disabled"),
        ["osm"] = ("openservicemesh.io/sidecar-injection", false, "enabled", "disabled"),
    };

    /// <summary>The marks for a pod of a namespace in <paramref name="meshId"/> (null: in no mesh, nothing to say).</summary>
    public static PodMarks For(string? meshId, bool meshed)
    {
        var labels = new Dictionary<string, string>();
        var annotations = new Dictionary<string, string>();
        if (meshId is not null && Marks.TryGetValue(meshId, out var mark))
        {
            (mark.IsLabel ? labels : annotations)[mark.Key] = meshed ? mark.In : mark.Out;
        }

        return new PodMarks(labels, annotations);
    }

    /// <summary>
    /// The mesh a namespace is in, by the mark each mesh reads on a namespace (Istio's <c>istio-injection</c> label,
    /// ambient's <c>istio.io/dataplane-mode</c>, Linkerd's <c>linkerd.io/inject</c> annotation, Kuma's
    /// <c>kuma.io/sidecar-injection</c>, OSM's <c>openservicemesh.io/monitored-by</c>); null for none of them. For the
    /// command line, which has no mesh catalog; the server reads its catalog's join rules.
    /// </summary>
    public static string? MeshOf(IDictionary<string, string>? labels, IDictionary<string, string>? annotations)
    {
        string? Label(string key) => labels?.TryGetValue(key, out var value) == true ? value : null;
        string? Annotation(string key) => annotations?.TryGetValue(key, out var value) == true ? value : null;
        return (Label("istio-injection"), Label("istio.io/dataplane-mode"), Annotation("linkerd.io/inject"), Label("kuma.io/sidecar-injection") ?? Annotation("kuma.io/sidecar-injection"), Label("openservicemesh.io/monitored-by")) switch
        {
            ("enabled", _, _, _, _) => "istio",
            (_, "ambient", _, _, _) => "istio-ambient",
            (_, _, "enabled", _, _) => "linkerd",
            (_, _, _, "enabled", _) => "kuma",
            (_, _, _, _, { Length: > 0 }) => "osm",
            _ => null,
        };
    }
}
