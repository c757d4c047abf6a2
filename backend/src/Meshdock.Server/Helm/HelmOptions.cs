namespace Meshdock.Server.Helm;

/// <summary>Configuration section <c>Helm</c>.</summary>
public sealed class HelmOptions
{
    public const string Section = "Helm";

    /// <summary>Path of the helm binary; when unset, helm is looked up on the PATH.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Folder for helm's cache, configuration and data (HELM_CACHE_HOME, HELM_CONFIG_HOME, HELM_DATA_HOME), so
    /// Meshdock never touches the user's own helm repositories; when unset, helm's defaults apply.
    /// </summary>
    public string? Home { get; set; }
}
