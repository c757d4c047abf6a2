namespace Meshdock.Server.Features.Apps;

/// <summary>Configuration section <c>Apps</c>.</summary>
public sealed class AppsOptions
{
    public const string Section = "Apps";

    /// <summary>How long a deploy waits for the app's deployments to become Ready (and a removal for them to go).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
