using System.Text.RegularExpressions;

namespace Meshdock.Server.Kubernetes.Helm;

internal static partial class HelmChartName
{
    // Chart names may contain dashes and digits ("linkerd-control-plane-2025.10.1"): the version starts at the
    // first dash followed by a digit-dot-digit sequence.
    [GeneratedRegex(@"-(v?\d+\.\d+\.\d+.*)$")]
    private static partial Regex VersionSuffix();

    public static string? VersionOf(string chart)
    {
        var match = VersionSuffix().Match(chart);
        return match.Success ? match.Groups[1].Value : null;
    }
}
