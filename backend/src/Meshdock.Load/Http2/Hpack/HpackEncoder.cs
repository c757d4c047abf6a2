using System.Buffers;
using System.Text;

namespace Meshdock.Load.Http2.Hpack;

/// <summary>The HPACK representations the client writes (RFC 7541 6): strings Huffman-coded where that is shorter.</summary>
internal static class HpackEncoder
{
    public static void WriteIndexed(IBufferWriter<byte> output, int index) => WriteInteger(output, index, 7, 0x80);

    /// <summary>A literal field that enters the dynamic table; <paramref name="nameIndex"/> 0 writes the name too.</summary>
    public static void WriteLiteralWithIndexing(IBufferWriter<byte> output, int nameIndex, string name, string value)
    {
        WriteInteger(output, nameIndex, 6, 0x40);
        if (nameIndex == 0)
            WriteString(output, name);
        WriteString(output, value);
    }

    /// <summary>A literal field that leaves the dynamic table alone.</summary>
    public static void WriteLiteralWithoutIndexing(IBufferWriter<byte> output, int nameIndex, string name, string value)
    {
        WriteInteger(output, nameIndex, 4, 0x00);
        if (nameIndex == 0)
            WriteString(output, name);
        WriteString(output, value);
    }

    public static void WriteTableSizeUpdate(IBufferWriter<byte> output, int size) => WriteInteger(output, size, 5, 0x20);

    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        var raw = Encoding.UTF8.GetBytes(value);
        var huffmanLength = HpackHuffman.EncodedLength(raw);
        if (huffmanLength < raw.Length)
        {
            WriteInteger(output, huffmanLength, 7, 0x80);
            var span = output.GetSpan(huffmanLength);
            output.Advance(HpackHuffman.Encode(raw, span));
        }
        else
        {
            WriteInteger(output, raw.Length, 7, 0x00);
            output.Write(raw);
        }
    }

    /// <summary>An integer with an N-bit prefix (RFC 7541 5.1); <paramref name="flags"/> fills the bits above it.</summary>
    public static void WriteInteger(IBufferWriter<byte> output, int value, int prefix, byte flags)
    {
        var span = output.GetSpan(6);
        var max = (1 << prefix) - 1;
        if (value < max)
        {
            span[0] = (byte)(flags | value);
            output.Advance(1);
            return;
        }
        span[0] = (byte)(flags | max);
        var written = 1;
        value -= max;
        while (value >= 0x80)
        {
            span[written++] = (byte)((value & 0x7F) | 0x80);
            value >>= 7;
        }
        span[written++] = (byte)value;
        output.Advance(written);
    }
}
