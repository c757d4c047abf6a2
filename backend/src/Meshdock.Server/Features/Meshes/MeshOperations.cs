namespace Meshdock.Server.Features.Meshes;

/// <summary>The kinds and targets of the operations Meshes runs; the UI's live table names the same kinds.</summary>
public static class MeshOperations
{
    public const string InstallKind = "mesh.install";
    public const string UpgradeKind = "mesh.upgrade";
    public const string UninstallKind = "mesh.uninstall";

    /// <summary>Every mesh operation's target starts with this; one operation per mesh at a time.</summary>
    public const string TargetPrefix = "mesh:";

    public static string Target(MeshDefinition mesh) => TargetPrefix + mesh.Id;
}
