using System.Text.RegularExpressions;

namespace Meshdock.Server.Kubernetes;

/// <summary>Kubernetes' own name rules (RFC 1123), for input checked before it reaches the cluster.</summary>
public static partial class KubernetesNames
{
    /// <summary>A DNS label: namespaces, release names, most object names (63 characters at most).</summary>
    public static bool IsDnsLabel(string? value) => value is { Length: > 0 and <= 63 } && DnsLabelPattern().IsMatch(value);

    /// <summary>A DNS subdomain: dotted names such as a workload's (253 characters at most).</summary>
    public static bool IsDnsName(string? value) => value is { Length: > 0 and <= 253 } && DnsNamePattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex DnsNamePattern();
}
