namespace Meshdock.ProxyWasm;

/// <summary>A body chunk handed to a filter; the filter may read and replace it, so the proxy reads it back.</summary>
public sealed class BodyBuffer(ReadOnlyMemory<byte> content)
{
    public ReadOnlyMemory<byte> Content { get; set; } = content;
}
