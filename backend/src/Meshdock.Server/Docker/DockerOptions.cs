namespace Meshdock.Server.Docker;

/// <summary>Where the Docker engine API is. Bound from the <c>Docker</c> configuration section.</summary>
public sealed class DockerOptions
{
    public const string Section = "Docker";

    /// <summary>The engine socket; Docker Desktop mounts <c>/var/run/docker.sock.raw</c> here for extensions.</summary>
    public string Socket { get; set; } = "/var/run/docker.sock";

    /// <summary>How long an engine call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
