namespace Meshdock.Server.Features.Namespaces;

/// <summary>Which meshes a namespace belongs to, for features that read a namespace themselves (a perf run's target).</summary>
public interface INamespaceMeshes
{
    /// <summary>The meshes whose every join label and annotation the namespace carries, in the order the rules are listed.</summary>
    IReadOnlyList<MeshMembership> MeshesOf(IDictionary<string, string>? labels, IDictionary<string, string>? annotations);
}
