using System.Text;

namespace Meshdock.Load.Http1;

/// <summary>Builds the exact bytes of the request once; every send writes the same buffer.</summary>
internal static class Http1RequestEncoder
{
    public static byte[] Encode(LoadSpec spec, Uri uri)
    {
        var body = spec.Body is null ? [] : Encoding.UTF8.GetBytes(spec.Body);
        var head = new StringBuilder(256);
        head.Append(spec.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        if (!spec.Headers.Keys.Any(k => k.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            head.Append("Host: ").Append(uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}").Append("\r\n");
        foreach (var (name, value) in spec.Headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (spec.Cookies.Count > 0)
            head.Append("Cookie: ").AppendJoin("; ", spec.Cookies.Select(c => $"{c.Key}={c.Value}")).Append("\r\n");
        if (spec.ContentType is not null && !spec.Headers.Keys.Any(k => k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            head.Append("Content-Type: ").Append(spec.ContentType).Append("\r\n");
        if (spec.Body is not null || MethodExpectsBody(spec.Method))
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");

        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var request = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(request, 0);
        body.CopyTo(request, headBytes.Length);
        return request;
    }

    private static bool MethodExpectsBody(string method) =>
        method is "POST" or "PUT" or "PATCH";
}
