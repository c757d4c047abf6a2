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
            var buffer = ByteBuffer.Allocate(Convert.FromBase64String(base64));
            return HistogramEncoding.DecodeFromCompressedByteBuffer(buffer, 0);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException("The text is not an HdrHistogram compressed histogram.", e);
        }
    }
}
