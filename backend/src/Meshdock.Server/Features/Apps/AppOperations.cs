namespace Meshdock.Server.Features.Apps;

/// <summary>The kinds and targets of the operations Apps runs; the UI's live table names the same kinds.</summary>
public static class AppOperations
{
    public const string DeployKind = "app.deploy";
    public const string RemoveKind = "app.remove";

    /// <summary>Every app operation's target starts with this; one operation per app and namespace at a time.</summary>
    public const string TargetPrefix = "app:";

    public static string Target(SampleApp app, string ns) => $"{TargetPrefix}{ns}/{app.Id}";
}
