using System.Globalization;
using System.Text.RegularExpressions;

namespace Meshdock.Server.Features.Meshes;

/// <summary>A Kubernetes major.minor version, as in "1.29" or a server's "v1.32.2" / "v1.30.1-gke.100".</summary>
public readonly partial record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    public static KubernetesVersion? TryParse(string? text)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text);
        return match.Success
            ? new KubernetesVersion(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    public int CompareTo(KubernetesVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}";

    [GeneratedRegex(@"^v?(\d+)\.(\d+)")]
    private static partial Regex Pattern();
}
