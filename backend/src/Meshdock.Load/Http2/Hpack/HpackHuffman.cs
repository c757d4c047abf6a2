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

    // Decoding runs a state machine over nibbles: a state is an inner node of the code tree, and for each state and
    // nibble the table gives the next state, the symbol completed on the way (-1 for none; codes are at least 5 bits,
    // so a nibble completes at most one) and whether EOS was met. A string may end only at the root or on the
    // all-ones path at most 7 bits deep (the padding).
    private static readonly ushort[] NextState;
    private static readonly short[] Emitted;
    private static readonly bool[] MayEnd;

    static HpackHuffman()
    {
        var order = Enumerable.Range(0, 257).OrderBy(s => Lengths[s]).ThenBy(s => s).ToArray();
        uint code = 0;
        var length = Lengths[order[0]];
        foreach (var symbol in order)
        {
            code <<= Lengths[symbol] - length;
            length = Lengths[symbol];
            Codes[symbol] = code++;
        }

        // The tree: inner nodes numbered from 0 (the root); a child is an inner node, or ~symbol for a leaf.
        var children = new List<int[]> { new[] { 0, 0 } };
        var hasChild = new List<bool[]> { new[] { false, false } };
        for (var symbol = 0; symbol < 257; symbol++)
        {
            var node = 0;
            for (var bit = Lengths[symbol] - 1; bit >= 0; bit--)
            {
                var branch = (int)((Codes[symbol] >> bit) & 1);
                if (bit == 0)
                {
                    children[node][branch] = ~symbol;
                    hasChild[node][branch] = true;
                    break;
                }
                if (!hasChild[node][branch])
                {
                    children.Add([0, 0]);
                    hasChild.Add([false, false]);
                    children[node][branch] = children.Count - 1;
                    hasChild[node][branch] = true;
                }
                node = children[node][branch];
            }
        }
        var states = children.Count;
        NextState = new ushort[states * 16];
        Emitted = new short[states * 16];
        MayEnd = new bool[states];
        for (int node = 0, depth = 0; depth <= 7; depth++)
        {
            MayEnd[node] = true;
            if (children[node][1] < 0)
                break;
            node = children[node][1];
        }
        for (var state = 0; state < states; state++)
        {
            for (var nibble = 0; nibble < 16; nibble++)
            {
                var node = state;
                short emitted = -1;
                for (var bit = 3; bit >= 0; bit--)
                {
                    var next = children[node][(nibble >> bit) & 1];
                    if (next < 0)
                    {
                        emitted = (short)~next;
                        node = 0;
                    }
                    else
                    {
                        node = next;
                    }
                }
                NextState[state * 16 + nibble] = (ushort)node;
                Emitted[state * 16 + nibble] = emitted;
            }
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
        var state = 0;
        foreach (var b in encoded)
        {
            for (var shift = 4; shift >= 0; shift -= 4)
            {
                var at = state * 16 + ((b >> shift) & 0xF);
                state = NextState[at];
                var symbol = Emitted[at];
                if (symbol < 0)
                    continue;
                if (symbol == Eos)
                    throw new HpackException("a Huffman string contains EOS");
                if (written == destination.Length)
                    throw new HpackException("a Huffman string decodes to more than the decoder's limit");
                destination[written++] = (byte)symbol;
            }
        }
        if (!MayEnd[state])
            throw new HpackException("a Huffman string has invalid padding");
        return written;
    }
}
