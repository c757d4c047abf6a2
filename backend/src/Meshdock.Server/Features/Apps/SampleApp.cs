namespace Meshdock.Server.Features.Apps;

/// <summary>A sample application from samples/catalog.yaml, with its parsed manifest.</summary>
public sealed class SampleApp
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The Services a person opens from the host, with the path to open.</summary>
    public List<AppEntrypoint> Entrypoints { get; set; } = [];

    /// <summary>The manifest's YAML text, without namespaces.</summary>
    internal string Manifest { get; set; } = "";

    /// <summary>The manifest's objects as parsed at start-up, for reading only.</summary>
    internal IReadOnlyList<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>> Objects { get; set; } = [];

    /// <summary>Fresh copies of the manifest's objects (typed KubernetesClient models) in apply order, free to change.</summary>
    internal List<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>> CreateObjects() =>
        k8s.KubernetesYaml.LoadAllFromString(Manifest).Cast<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>>().ToList();

    /// <summary>Container images the app runs, for the UI and for the pre-pull hint.</summary>
    public IReadOnlyList<string> Images => Objects.OfType<k8s.Models.V1Deployment>()
        .SelectMany(d => d.Spec.Template.Spec.Containers.Select(c => c.Image)).Distinct().ToList();
}

public sealed class AppEntrypoint
{
    public string Service { get; set; } = "";
    public int Port { get; set; }
    public string Label { get; set; } = "";
    public string Path { get; set; } = "/";
}
