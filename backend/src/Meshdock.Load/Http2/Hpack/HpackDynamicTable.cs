namespace Meshdock.Load.Http2.Hpack;

/// <summary>
/// A dynamic table (RFC 7541 2.3.2, 4): newest entry first, each costing its name and value lengths plus 32, oldest
/// entries evicted to stay within the maximum size.
/// </summary>
internal sealed class HpackDynamicTable(int maxSize)
{
    private const int EntryOverhead = 32;

    private (byte[] Name, byte[] Value)[] _entries = new (byte[], byte[])[16];
    private int _newest = -1; // ring index of the newest entry
    private int _count;
    private (byte[]? Name, byte[]? Value) _evicted;

    public int MaxSize { get; private set; } = maxSize;

    /// <summary>Sum of the entries' sizes.</summary>
    public int Size { get; private set; }

    public int Count => _count;

    /// <summary>Entry <paramref name="index"/>, 1 being the newest; null beyond the last.</summary>
    public (byte[] Name, byte[] Value)? Get(int index)
    {
        if (index < 1 || index > _count)
            return null;
        var at = (_newest - (index - 1) + _entries.Length) % _entries.Length;
        return _entries[at];
    }

    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var size = name.Length + value.Length + EntryOverhead;
        if (size > MaxSize)
        {
            // An entry larger than the table empties it and is not added (4.4).
            _count = 0;
            Size = 0;
            return;
        }
        EvictTo(MaxSize - size);
        // Servers like nginx enter the same fields with every response, each evicting its older copy: reuse that
        // copy's arrays when they fit, so a steady stream of responses allocates nothing.
        var reuse = _evicted;
        _evicted = default;
        if (_count == _entries.Length)
        {
            var grown = new (byte[], byte[])[_entries.Length * 2];
            for (var i = 0; i < _count; i++)
                grown[_count - 1 - i] = Get(i + 1)!.Value;
            _entries = grown;
            _newest = _count - 1;
        }
        _newest = (_newest + 1) % _entries.Length;
        _entries[_newest] = (Copy(name, reuse.Name), Copy(value, reuse.Value));
        _count++;
        Size += size;
    }

    public void Resize(int maxSize)
    {
        MaxSize = maxSize;
        EvictTo(maxSize);
    }

    private void EvictTo(int size)
    {
        while (Size > size && _count > 0)
        {
            var oldest = _entries[(_newest - (_count - 1) + _entries.Length) % _entries.Length];
            Size -= oldest.Name.Length + oldest.Value.Length + EntryOverhead;
            _count--;
            _evicted = oldest;
        }
    }

    private static byte[] Copy(ReadOnlySpan<byte> bytes, byte[]? spare)
    {
        if (spare is null || spare.Length != bytes.Length)
            return bytes.ToArray();
        bytes.CopyTo(spare);
        return spare;
    }
}
