namespace Meshdock.Server.Operations;

public enum EventKind
{
    /// <summary>The operation's status changed; the first event (running) and the last (final status) are of this kind.</summary>
    Status,
    /// <summary>A named step began.</summary>
    Step,
    Log,
    /// <summary>Carries <c>data</c> with <c>done</c>/<c>total</c> and feature fields.</summary>
    Progress,
    Warning,
    Error,
}
