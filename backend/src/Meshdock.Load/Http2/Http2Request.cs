using System.Buffers;
using System.Globalization;
using System.Text;
using Meshdock.Load.Grpc;
using Meshdock.Load.Http2.Hpack;

namespace Meshdock.Load.Http2;

/// <summary>
/// The run's request for one target, encoded once. Fields not in the static table are sent with incremental indexing
/// on a connection's first request (<see cref="FirstBlock"/>) and by their dynamic-table index afterwards
/// (<see cref="RepeatBlock"/>: usually one byte a field), the way HPACK is meant to be used. A server that allows
/// too small a table gets <see cref="PlainBlock"/>, which leaves the table alone.
/// </summary>
internal sealed class Http2Request
{
    public Http2Request(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, bool contentLength = true)
    {
        var authority = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        var fields = new List<(string Name, string Value)>
        {
            (":method", method),
            (":scheme", uri.Scheme is "https" or GrpcTarget.TlsScheme ? "https" : "http"),
            (":path", uri.PathAndQuery),
        };
        var rest = new List<(string, string)>();
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower == "host")
                authority = value;
            else
                rest.Add((lower, value));
        }
        fields.Add((":authority", authority));
        if (body is not null && contentLength)
            rest.Add(("content-length", body.Length.ToString(CultureInfo.InvariantCulture)));
        fields.AddRange(rest);
        Fields = fields;
        Body = body;
        HasBody = body is { Length: > 0 };

        var first = new ArrayBufferWriter<byte>();
        var plain = new ArrayBufferWriter<byte>();
        var indexedFields = new List<int>();
        foreach (var (name, value) in fields)
        {
            var index = HpackStaticTable.Find(name, value, out var exact);
            if (exact)
            {
                HpackEncoder.WriteIndexed(first, index);
                HpackEncoder.WriteIndexed(plain, index);
                indexedFields.Add(-index);
                continue;
            }
            HpackEncoder.WriteLiteralWithIndexing(first, index, name, value);
            HpackEncoder.WriteLiteralWithoutIndexing(plain, index, name, value);
            TableSize += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) + 32;
            indexedFields.Add(indexedFields.Count(i => i > 0) + 1);
        }
        // The k-th field entered is, once all are in, at dynamic index (entered - k + 1): 62 and up overall.
        var entered = indexedFields.Count(i => i > 0);
        var repeat = new ArrayBufferWriter<byte>();
        foreach (var i in indexedFields)
            HpackEncoder.WriteIndexed(repeat, i < 0 ? -i : HpackStaticTable.Count + entered - i + 1);
        var shrink = new ArrayBufferWriter<byte>();
        HpackEncoder.WriteTableSizeUpdate(shrink, 0);
        shrink.Write(plain.WrittenSpan);
        FirstBlock = first.WrittenSpan.ToArray();
        RepeatBlock = repeat.WrittenSpan.ToArray();
        PlainBlock = plain.WrittenSpan.ToArray();
        ShrinkBlock = shrink.WrittenSpan.ToArray();
    }

    /// <param name="grpcMessage">gRPC targets: the framed request message, encoded once for the run.</param>
    public static Http2Request FromSpec(LoadSpec spec, Uri uri, byte[]? grpcMessage = null)
    {
        if (GrpcTarget.IsGrpc(uri))
            return new Http2Request("POST", uri, GrpcTarget.Headers(spec), grpcMessage ?? GrpcTarget.Frame([]), contentLength: false);
        byte[]? body = spec.Body is null ? null : Encoding.UTF8.GetBytes(spec.Body);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in spec.Headers)
            if (!header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || spec.ContentType is null)
                headers.Add(header);
        if (spec.ContentType is not null)
            headers.Add(new("content-type", spec.ContentType));
        if (spec.Cookies.Count > 0)
            headers.Add(new("cookie", string.Join("; ", spec.Cookies.Select(c => $"{c.Key}={c.Value}"))));
        return new Http2Request(spec.Method, uri, headers, body);
    }

    public IReadOnlyList<(string Name, string Value)> Fields { get; }

    /// <summary>A connection's first request: adds the fields to the server's dynamic table.</summary>
    public byte[] FirstBlock { get; }

    /// <summary>Every later request on that connection: the fields by index.</summary>
    public byte[] RepeatBlock { get; }

    /// <summary>Literals that do not touch the dynamic table.</summary>
    public byte[] PlainBlock { get; }

    /// <summary><see cref="PlainBlock"/> after a table size update to 0, for a server that allows less than 4096 bytes.</summary>
    public byte[] ShrinkBlock { get; }

    /// <summary>Dynamic-table bytes the indexed fields take (RFC 7541 4.1).</summary>
    public int TableSize { get; }

    public byte[]? Body { get; }

    public bool HasBody { get; }
}
