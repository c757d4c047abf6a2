namespace Meshdock.Server.Kubernetes;

/// <summary>
/// How Meshdock marks what it creates, so that clean-up removes only its own objects and never the user's.
/// </summary>
public static class ManagedBy
{
    public const string Label = Meshdock.Load.Cluster.Ownership.Label;
    public const string Value = Meshdock.Load.Cluster.Ownership.Value;
    public const string Selector = Label + "=" + Value;

    /// <summary>Marks every object of a sample app Meshdock deployed, with the app's id as value.</summary>
    public const string SampleAppLabel = "meshdock.io/app";

    /// <summary>Helm keeps its own labels on a release (<c>helm upgrade --labels</c>, <c>helm list --selector</c>).</summary>
    public const string HelmReleaseLabel = "managed-by=meshdock";
}
