using System.Text.RegularExpressions;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// Kubernetes' rules for label keys and values (apimachinery's IsQualifiedName and IsValidLabelValue), so that a
/// selector Kubernetes would refuse is refused with a sentence before anything is stored or applied.
/// </summary>
internal static partial class LabelSelectorRules
{
    /// <summary>A sentence per bad key or value, naming it; empty when every label is valid.</summary>
    public static IEnumerable<string> Check(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            if (KeyProblem(key) is { } keyProblem)
            {
                yield return $"The label key '{key}' {keyProblem}";
            }

            if (value.Length > 63 || !(value.Length == 0 || Name().IsMatch(value)))
            {
                yield return $"The value '{value}' of label '{key}' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.";
            }
        }
    }

    private static string? KeyProblem(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && (prefix.Length is 0 or > 253 || !DnsSubdomain().IsMatch(prefix)))
        {
            return "has a prefix that is not a DNS subdomain (lowercase letters, digits, '-' and '.', like example.com/).";
        }

        return name.Length is 0 or > 63 || !Name().IsMatch(name)
            ? "must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, with an optional DNS prefix and '/' (like app or example.com/tier)."
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
