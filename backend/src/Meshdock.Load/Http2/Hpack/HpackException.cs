namespace Meshdock.Load.Http2.Hpack;

/// <summary>A header block the decoder cannot read: HTTP/2 treats it as a connection error (COMPRESSION_ERROR).</summary>
internal sealed class HpackException(string message) : Exception(message);
