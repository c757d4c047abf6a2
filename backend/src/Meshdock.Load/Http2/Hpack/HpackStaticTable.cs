using System.Text;

namespace Meshdock.Load.Http2.Hpack;

/// <summary>The static table of RFC 7541 Appendix A (indices 1 to 61).</summary>
internal static class HpackStaticTable
{
    public const int Count = 61;

    // Indices the client looks for by number rather than by name.
    public const int Status200 = 8;
    public const int Status500 = 14;
    public const int StatusName = 8;

    private static readonly (string Name, string Value)[] Entries =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    private static readonly byte[][] Names = [.. Entries.Select(e => Encoding.ASCII.GetBytes(e.Name))];
    private static readonly byte[][] Values = [.. Entries.Select(e => Encoding.ASCII.GetBytes(e.Value))];

    /// <summary>Entry <paramref name="index"/> (1-based).</summary>
    public static (byte[] Name, byte[] Value) Get(int index) => (Names[index - 1], Values[index - 1]);

    /// <summary>The index of an entry with this name and value, else of one with this name (<paramref name="exact"/> false), else 0.</summary>
    public static int Find(string name, string value, out bool exact)
    {
        var byName = 0;
        for (var i = 0; i < Entries.Length; i++)
        {
            if (Entries[i].Name != name)
                continue;
            if (Entries[i].Value == value)
            {
                exact = true;
                return i + 1;
            }
            if (byName == 0)
                byName = i + 1;
        }
        exact = false;
        return byName;
    }
}
