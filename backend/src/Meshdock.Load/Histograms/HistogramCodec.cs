using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace Meshdock.Load.Histograms;

/// <summary>HdrHistogram's compressed V2 encoding as base64, the format HdrHistogram's log tools read.</summary>
public static class HistogramCodec
{
    public static string Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
            bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    /// <exception cref="FormatException">The text is not an encoded histogram.</exception>
    public static HistogramBase Decode(string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            // The layout is a cookie, the compressed length (both big-endian) and a zlib stream of the plain
            // encoding. The library decompresses with a single read, which since .NET 6 may return less than the
            // whole payload of a large histogram, so the payload is inflated here and decoded uncompressed.
            if (bytes.Length < CompressedHeader || (BinaryPrimitives.ReadInt32BigEndian(bytes) & ~0xF0) != CompressedCookieBase)
                throw new FormatException("The text is not an HdrHistogram compressed histogram (unknown cookie).");
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
            if (length < 0 || length > bytes.Length - CompressedHeader)
                throw new FormatException("The text is not an HdrHistogram compressed histogram (truncated).");
            using var plain = new MemoryStream();
            using (var inflater = new ZLibStream(new MemoryStream(bytes, CompressedHeader, length), CompressionMode.Decompress))
            {
                // An imported file could hold a zlib bomb; no histogram of Meshdock's shape comes near this size.
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = inflater.Read(chunk)) > 0)
                {
                    if (plain.Length + read > MaxPlainBytes)
                        throw new FormatException("The encoded histogram is larger than any latency histogram can be.");
                    plain.Write(chunk, 0, read);
                }
            }
            return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(plain.ToArray()), 0, null);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException("The text is not an HdrHistogram compressed histogram.", e);
        }
    }

    /// <summary>V2 compressed encoding; the low nibble's upper bits carry the word size.</summary>
    private const int CompressedCookieBase = 0x1c849304;

    private const int CompressedHeader = 8;

    private const int MaxPlainBytes = 4 * 1024 * 1024;
}
