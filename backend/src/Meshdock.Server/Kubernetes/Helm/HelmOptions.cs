namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>Configuration section <c>Helm</c>.</summary>
public sealed class HelmOptions
{
    public const string Section = "Helm";

    /// <summary>Path of the helm binary; when unset, helm is looked up on the PATH.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Folder for helm's cache, configuration and data (HELM_CACHE_HOME, HELM_CONFIG_HOME, HELM_DATA_HOME), so
    /// Meshdock never touches the user's own helm repositories; defaults to <c>helm/</c> in the data folder.
    /// </summary>
    public string? Home { get; set; }

    /// <summary>
    /// How long the installed releases <c>helm list</c> reported are reused by GET /api/meshes and GET /api/cluster
    /// (a mesh operation finishing forgets them at once); zero runs helm for every request.
    /// </summary>
    public TimeSpan ListCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
