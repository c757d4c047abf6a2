namespace Meshdock.Load.Http2.Hpack;

/// <summary>
/// Decodes header blocks (RFC 7541): indexed fields, literals with and without indexing, dynamic table size updates,
/// Huffman strings. One decoder per connection, as its dynamic table mirrors the peer's encoder.
/// </summary>
internal sealed class HpackDecoder
{
    /// <summary>The longest string literal accepted (decoded), so a hostile length cannot make the client allocate.</summary>
    public const int MaxStringLength = 64 * 1024;

    private readonly HpackDynamicTable _table;
    private readonly int _maxTableSize;
    private byte[] _name = new byte[256];
    private byte[] _value = new byte[1024];

    /// <param name="maxTableSize">SETTINGS_HEADER_TABLE_SIZE this side announced (4096 unless changed).</param>
    public HpackDecoder(int maxTableSize = 4096)
    {
        _maxTableSize = maxTableSize;
        _table = new HpackDynamicTable(maxTableSize);
    }

    public HpackDynamicTable Table => _table;

    /// <exception cref="HpackException">The block is malformed; the connection cannot go on.</exception>
    public void Decode(ReadOnlySpan<byte> block, IHeaderHandler handler)
    {
        var position = 0;
        var fieldSeen = false;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                // Indexed field.
                var index = ReadInteger(block, ref position, 7);
                var (name, value) = Lookup(index);
                handler.OnHeader(name, value);
                fieldSeen = true;
            }
            else if ((first & 0xC0) == 0x40)
            {
                // Literal with incremental indexing: always decoded, as it enters the table.
                ReadLiteral(block, ref position, 6, wanted: null, out var name, out var value);
                handler.OnHeader(name, value);
                _table.Add(name, value);
                fieldSeen = true;
            }
            else if ((first & 0xE0) == 0x20)
            {
                // Dynamic table size update: only at the start of a block, and within what this side allowed.
                if (fieldSeen)
                    throw new HpackException("a dynamic table size update follows a header field");
                var size = ReadInteger(block, ref position, 5);
                if (size > _maxTableSize)
                    throw new HpackException($"a dynamic table size update to {size} exceeds the {_maxTableSize} allowed");
                _table.Resize(size);
            }
            else
            {
                // Literal without indexing (0000) or never indexed (0001).
                if (ReadLiteral(block, ref position, 4, handler, out var name, out var value))
                    handler.OnHeader(name, value);
                fieldSeen = true;
            }
        }
    }

    /// <summary>Reads a literal field; false when <paramref name="wanted"/> does not want its value, which is skipped.</summary>
    private bool ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix, IHeaderHandler? wanted,
        out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var nameIndex = ReadInteger(block, ref position, prefix);
        name = nameIndex == 0 ? ReadString(block, ref position, ref _name) : Lookup(nameIndex).Name;
        if (wanted is not null && !wanted.Wants(name))
        {
            SkipString(block, ref position);
            value = default;
            return false;
        }
        value = ReadString(block, ref position, ref _value);
        return true;
    }

    private (byte[] Name, byte[] Value) Lookup(int index)
    {
        if (index == 0)
            throw new HpackException("a field refers to index 0");
        if (index <= HpackStaticTable.Count)
            return HpackStaticTable.Get(index);
        return _table.Get(index - HpackStaticTable.Count)
            ?? throw new HpackException($"a field refers to index {index}, beyond the {HpackStaticTable.Count + _table.Count} entries of the tables");
    }

    private static void SkipString(ReadOnlySpan<byte> block, ref int position)
    {
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
            throw new HpackException("a string literal runs past the end of the header block");
        position += length;
    }

    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, ref int position, ref byte[] scratch)
    {
        if (position >= block.Length)
            throw new HpackException("a header block ends inside a field");
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
            throw new HpackException("a string literal runs past the end of the header block");
        var raw = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            if (length > MaxStringLength)
                throw new HpackException($"a string literal of {length} bytes exceeds the {MaxStringLength} accepted");
            return raw;
        }
        // The shortest code is 5 bits, so the decoded string is at most 8/5 of the encoded one.
        var room = Math.Min(length * 8 / 5 + 1, MaxStringLength);
        if (scratch.Length < room)
            scratch = new byte[Math.Max(room, scratch.Length * 2)];
        var decoded = HpackHuffman.Decode(raw, scratch.AsSpan(0, room));
        return scratch.AsSpan(0, decoded);
    }

    /// <summary>An integer with an N-bit prefix (RFC 7541 5.1); at most 2^31 - 1.</summary>
    internal static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        if (position >= block.Length)
            throw new HpackException("a header block ends inside a field");
        var max = (1 << prefix) - 1;
        var value = block[position++] & max;
        if (value < max)
            return value;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length)
                throw new HpackException("a header block ends inside an integer");
            if (shift > 28)
                throw new HpackException("an integer in a header block overflows");
            var b = block[position++];
            var add = (long)(b & 0x7F) << shift;
            if (value + add > int.MaxValue)
                throw new HpackException("an integer in a header block overflows");
            value += (int)add;
            if ((b & 0x80) == 0)
                return value;
        }
    }
}
