using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>A random token made at start-up; it guards the progress hub in both modes (docs/security.md).</summary>
public sealed class SessionToken
{
    private readonly byte[] _bytes = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(RandomBytes(32)));

    public string Value => Encoding.ASCII.GetString(_bytes);

    /// <summary>True when the request carries the token as <c>access_token</c> (browsers' WebSockets cannot send headers) or as a Bearer header.</summary>
    public bool IsPresentIn(HttpRequest request)
    {
        if (request.Query.TryGetValue("access_token", out var query) && Matches(query.ToString()))
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(header["Bearer ".Length..].Trim());
    }

    // The kernel's CSPRNG where there is one: RandomNumberGenerator would load OpenSSL (about 4.5 MB resident) into an
    // otherwise idle process for these 32 bytes.
    private static byte[] RandomBytes(int count)
    {
        if (OperatingSystem.IsWindows())
        {
            return RandomNumberGenerator.GetBytes(count);
        }

        var bytes = new byte[count];
        using var urandom = File.OpenRead("/dev/urandom");
        urandom.ReadExactly(bytes);
        return bytes;
    }

    // Constant time, so the comparison does not leak how much of a guess was right.
    private bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), _bytes);
}
