namespace Meshdock.Load.Cluster;

/// <summary>The label that marks what Meshdock created in a cluster, so that cleanup finds it (the server's and the CLI's alike).</summary>
public static class Ownership
{
    public const string Label = "app.kubernetes.io/managed-by";
    public const string Value = "meshdock";
}
