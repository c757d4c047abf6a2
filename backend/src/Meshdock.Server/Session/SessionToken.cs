using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Meshdock.Server.Session;

/// <summary>A random token made at start-up; it guards the hub's TCP port in container mode.</summary>
public sealed class SessionToken
{
    private readonly byte[] _bytes = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

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

    // Constant time, so the comparison does not leak how much of a guess was right.
    private bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), _bytes);
}
