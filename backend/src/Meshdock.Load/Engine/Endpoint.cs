using System.Net;
using System.Net.Sockets;

namespace Meshdock.Load.Engine;

/// <summary>A target URL resolved once before the run, so name lookups are never timed.</summary>
internal sealed record Endpoint(Uri Uri, IPEndPoint Address)
{
    public bool IsTls => Uri.Scheme == Uri.UriSchemeHttps || Uri.Scheme == Grpc.GrpcTarget.TlsScheme;

    public static async Task<Endpoint> ResolveAsync(string url, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
            return new Endpoint(uri, new IPEndPoint(literal, uri.Port));
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new LoadTargetException($"The host '{uri.Host}' could not be resolved ({e.Message}); check the URL {url}.", e);
        }
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new LoadTargetException($"The host '{uri.Host}' has no address; check the URL {url}.");
        return new Endpoint(uri, new IPEndPoint(address, uri.Port));
    }
}
