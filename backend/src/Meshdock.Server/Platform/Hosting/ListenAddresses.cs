using System.Net;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>Turns the <c>--urls</c> value into endpoints Kestrel can listen on in code.</summary>
internal static class ListenAddresses
{
    public static IReadOnlyList<IPEndPoint> Parse(string urls)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Wildcard hosts are not valid URI hosts; normalise them the way Kestrel does.
            var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal)
                                .Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new InvalidOperationException(
                    $"The address '{url}' in --urls is not an http:// URL such as http://127.0.0.1:7788; fix --urls and start again.");
            }

            if (uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
            {
                // "localhost" means both loopback families, as it does for Kestrel.
                endpoints.Add(new IPEndPoint(IPAddress.Loopback, uri.Port));
                if (System.Net.Sockets.Socket.OSSupportsIPv6)
                {
                    endpoints.Add(new IPEndPoint(IPAddress.IPv6Loopback, uri.Port));
                }
            }
            else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
            {
                endpoints.Add(new IPEndPoint(address, uri.Port));
            }
            else
            {
                throw new InvalidOperationException(
                    $"The host '{uri.Host}' in --urls is not an IP address or localhost; use e.g. http://0.0.0.0:{uri.Port} and start again.");
            }
        }

        return endpoints;
    }
}
