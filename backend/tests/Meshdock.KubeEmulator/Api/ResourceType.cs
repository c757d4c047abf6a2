namespace Meshdock.KubeEmulator.Api;

/// <summary>One REST resource the emulator serves (a row of the resource table).</summary>
/// <param name="HasStatus">The resource has a <c>/status</c> subresource: writes to the main resource keep the stored status.</param>
/// <param name="HasGeneration">Spec changes bump <c>metadata.generation</c> (workloads, custom resources).</param>
/// <param name="Computed">Read-only, computed on each request instead of stored (the metrics API).</param>
/// <param name="Schema">A custom resource version's <c>openAPIV3Schema</c>, which writes are pruned, defaulted and validated against.</param>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    string[]? ShortNames = null,
    bool HasStatus = false,
    bool HasScale = false,
    bool HasGeneration = false,
    string[]? Categories = null,
    bool Custom = false,
    bool Computed = false,
    System.Text.Json.Nodes.JsonObject? Schema = null)
{
    public string Singular => Kind.ToLowerInvariant();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    /// <summary>Storage identity: the same objects are served under every version of a group.</summary>
    public string StorageKey => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>What Kubernetes names in messages: <c>deployments.apps "x" not found</c>, <c>pods "x" not found</c>.</summary>
    public string QualifiedName => StorageKey;
}
