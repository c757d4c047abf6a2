using System.Text.Json.Serialization;

namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>One line helm printed, as it printed it.</summary>
public sealed record HelmOutputLine(bool IsError, string Text);

/// <summary>A release as <c>helm list -o json</c> describes it.</summary>
public sealed record HelmRelease(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("chart")] string Chart,
    [property: JsonPropertyName("app_version")] string? AppVersion)
{
    /// <summary>The chart version from helm's "name-version" chart column ("istiod-1.27.3" → "1.27.3").</summary>
    public string? ChartVersion => HelmChartName.VersionOf(Chart);

    public bool IsDeployed => Status == "deployed";
}

/// <summary>Thrown when helm exits with an error; the message is a sentence for the user.</summary>
public sealed class HelmFailedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Thrown when no helm binary can be found.</summary>
public sealed class HelmMissingException(string message) : Exception(message);
