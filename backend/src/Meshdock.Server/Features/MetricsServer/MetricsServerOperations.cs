namespace Meshdock.Server.Features.MetricsServer;

/// <summary>The kind and target of the install operation; the UI's live table names the same kind.</summary>
public static class MetricsServerOperations
{
    public const string InstallKind = "metrics-server.install";
    public const string Target = "metrics-server";
}
