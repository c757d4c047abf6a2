namespace Meshdock.Server.Features.Overview;

/// <summary>The Docker probe's settings (the socket itself is <c>Meshdock:DockerSocket</c>). Bound from the <c>Docker</c> section.</summary>
public sealed class DockerOptions
{
    public const string Section = "Docker";

    /// <summary>How long one engine call may take; a local engine answers in milliseconds, so longer means it is hung.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
