namespace Meshdock.Load.Http2.Hpack;

/// <summary>
/// The Huffman code of RFC 7541 Appendix B. The code is canonical (codes of one length are consecutive, in symbol
/// order, and each length continues where the shorter one left off), so the table is kept as the code length of each
/// of the 257 symbols (256 is EOS) and the codes are derived from it.
/// </summary>
internal static class HpackHuffman
{
    private const int Eos = 256;

    // Code lengths of symbols 0..256, from the RFC's table.
    private static readonly byte[] Lengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    /// <summary>Code of each symbol, right-aligned.</summary>
    internal static readonly uint[] Codes = new uint[257];

    // Canonical decoding: for each length, the first code of that length, how many codes have it, and where its
    // symbols start in the symbols sorted by (length, symbol).
    private static readonly uint[] FirstCode = new uint[31];
    private static readonly int[] CountOfLength = new int[31];
    private static readonly int[] FirstIndex = new int[31];
    private static readonly short[] Sorted = new short[257];

    static HpackHuffman()
    {
        var order = Enumerable.Range(0, 257).OrderBy(s => Lengths[s]).ThenBy(s => s).ToArray();
        uint code = 0;
        var length = Lengths[order[0]];
        for (var i = 0; i < order.Length; i++)
        {
            var symbol = order[i];
            code <<= Lengths[symbol] - length;
            length = Lengths[symbol];
            if (CountOfLength[length]++ == 0)
            {
                FirstCode[length] = code;
                FirstIndex[length] = i;
            }
            Codes[symbol] = code++;
            Sorted[i] = (short)symbol;
        }
    }

    internal static int CodeLength(int symbol) => Lengths[symbol];

    /// <summary>Bytes the Huffman encoding of <paramref name="value"/> takes.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> value)
    {
        long bits = 0;
        foreach (var b in value)
            bits += Lengths[b];
        return (int)((bits + 7) / 8);
    }

    /// <summary>Encodes into <paramref name="destination"/> (sized by <see cref="EncodedLength"/>), padded with EOS's leading ones.</summary>
    public static int Encode(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        ulong pending = 0;
        var pendingBits = 0;
        var written = 0;
        foreach (var b in value)
        {
            pending = (pending << Lengths[b]) | Codes[b];
            pendingBits += Lengths[b];
            while (pendingBits >= 8)
            {
                pendingBits -= 8;
                destination[written++] = (byte)(pending >> pendingBits);
            }
        }
        if (pendingBits > 0)
            destination[written++] = (byte)((pending << (8 - pendingBits)) | (0xFFu >> pendingBits));
        return written;
    }

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="destination"/>; the decoded length.</summary>
    /// <exception cref="HpackException">An EOS symbol, padding longer than 7 bits or not all ones, or no room.</exception>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        var written = 0;
        uint code = 0;
        var length = 0;
        foreach (var b in encoded)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | (uint)((b >> bit) & 1);
                length++;
                if (length < 5)
                    continue;
                if (length > 30)
                    throw new HpackException("a Huffman code is longer than any in the table");
                var offset = code - FirstCode[length];
                if (CountOfLength[length] == 0 || code < FirstCode[length] || offset >= (uint)CountOfLength[length])
                    continue;
                var symbol = Sorted[FirstIndex[length] + (int)offset];
                if (symbol == Eos)
                    throw new HpackException("a Huffman string contains EOS");
                if (written == destination.Length)
                    throw new HpackException("a Huffman string decodes to more than the decoder's limit");
                destination[written++] = (byte)symbol;
                code = 0;
                length = 0;
            }
        }
        // What is left must be a prefix of EOS (all ones) of at most 7 bits.
        if (length > 7 || code != (1u << length) - 1)
            throw new HpackException("a Huffman string has invalid padding");
        return written;
    }
}
