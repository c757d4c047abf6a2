namespace Meshdock.Load.Http2.Hpack;

/// <summary>Receives the fields of a decoded header block.</summary>
internal interface IHeaderHandler
{
    /// <summary>Whether the value of a field with this name is wanted. Values not wanted and not entered into the
    /// dynamic table are skipped without Huffman-decoding them.</summary>
    bool Wants(ReadOnlySpan<byte> name);

    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
