using System.Net;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// Standalone mode's idea of who may talk to the server: the Host names it answers to (loopback, plus
/// <c>--allowed-hosts</c>) and the origins that may call it from a browser (the page it serves, plus
/// <c>--allowed-origins</c>). Built once from <see cref="MeshdockOptions"/>; a malformed entry stops start-up with a sentence.
/// </summary>
public sealed class TrustedSources
{
    private readonly HashSet<string> _hosts;
    private readonly HashSet<string> _origins;

    public TrustedSources(MeshdockOptions options)
    {
        _hosts = new HashSet<string>(Split(options.AllowedHosts).Select(ParseHost), StringComparer.OrdinalIgnoreCase);
        _origins = new HashSet<string>(Split(options.AllowedOrigins).Select(ParseOrigin), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The configured extra origins, for the CORS policy.</summary>
    public IReadOnlyCollection<string> ConfiguredOrigins => _origins;

    /// <summary>True for a loopback name or address (with or without a port) and for a configured host.</summary>
    public bool IsTrustedHost(HostString host)
    {
        if (!host.HasValue || string.IsNullOrEmpty(host.Host))
        {
            return false;
        }

        var name = host.Host.Trim('[', ']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address))
            || _hosts.Contains(name);
    }

    /// <summary>True when <paramref name="origin"/> is the origin the request was addressed to, or a configured one.</summary>
    public bool IsTrustedOrigin(string origin, HttpRequest request) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase)
        || _origins.Contains(origin.TrimEnd('/'));

    private static string[] Split(string? list) =>
        (list ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ParseHost(string entry)
    {
        var name = entry.Trim('[', ']');
        if (Uri.CheckHostName(name) == UriHostNameType.Unknown)
        {
            throw new InvalidOperationException(
                $"'{entry}' in --allowed-hosts is not a host name or an IP address (no scheme, no port): for example --allowed-hosts meshdock.lan; fix it and start again.");
        }

        return name;
    }

    // An origin is scheme://host[:port] with nothing after it, written as browsers send it.
    private static string ParseOrigin(string entry)
    {
        if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException(
                $"'{entry}' in --allowed-origins is not an origin such as http://localhost:5173 (scheme, host and port only); fix it and start again.");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
