namespace Meshdock.Server.Features.Filters;

/// <summary>The kinds and targets of the operations Filters runs; the UI's live table names the same kinds.</summary>
public static class FilterOperations
{
    public const string AttachKind = "filter.attach";
    public const string DetachKind = "filter.detach";
    public const string SandboxKind = "sandbox";

    /// <summary>Attach and detach target the filter: one change of a filter's attachments at a time.</summary>
    public const string TargetPrefix = "filter:";

    /// <summary>A sandbox is an operation of its own for as long as it runs.</summary>
    public const string SandboxTargetPrefix = "sandbox:";

    public static string Target(string filterId) => TargetPrefix + filterId;

    public static string SandboxTarget(string sandboxId) => SandboxTargetPrefix + sandboxId;
}
