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
        if (_count == _entries.Length)
        {
            var grown = new (byte[], byte[])[_entries.Length * 2];
            for (var i = 0; i < _count; i++)
                grown[_count - 1 - i] = Get(i + 1)!.Value;
            _entries = grown;
            _newest = _count - 1;
        }
        _newest = (_newest + 1) % _entries.Length;
        _entries[_newest] = (name.ToArray(), value.ToArray());
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
            var oldest = Get(_count)!.Value;
            Size -= oldest.Name.Length + oldest.Value.Length + EntryOverhead;
            _count--;
        }
    }
}
