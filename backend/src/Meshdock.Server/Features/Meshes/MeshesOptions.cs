namespace Meshdock.Server.Features.Meshes;

/// <summary>Configuration section <c>Meshes</c>.</summary>
public sealed class MeshesOptions
{
    public const string Section = "Meshes";

    /// <summary>
    /// Path of a YAML file shaped like catalog.yaml whose entries are merged over the built-in catalog by id
    /// (a field present in the override replaces the built-in one). Tests use it to install a local chart.
    /// </summary>
    public string? CatalogOverride { get; set; }

    /// <summary>How long an install or upgrade waits for the health workloads to become Ready.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
