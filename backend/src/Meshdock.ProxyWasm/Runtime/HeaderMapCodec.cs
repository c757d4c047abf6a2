using System.Buffers.Binary;
using System.Text;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// The ABI's map serialisation: a little-endian u32 count, then a (key length, value length) u32 pair per entry,
/// then each key and value followed by a NUL byte.
/// </summary>
internal static class HeaderMapCodec
{
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var encoded = pairs.Select(p => (Key: Encoding.UTF8.GetBytes(p.Key), Value: Encoding.UTF8.GetBytes(p.Value))).ToList();
        var size = 4 + (encoded.Count * 8) + encoded.Sum(p => p.Key.Length + p.Value.Length + 2);
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)encoded.Count);
        var offset = 4;
        foreach (var (key, value) in encoded)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)key.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(offset + 4)..], (uint)value.Length);
            offset += 8;
        }

        foreach (var (key, value) in encoded)
        {
            key.CopyTo(span[offset..]);
            offset += key.Length + 1;
            value.CopyTo(span[offset..]);
            offset += value.Length + 1;
        }

        return buffer;
    }

    /// <summary>Parses a serialised map; false when it is malformed (lengths beyond the data, missing NULs).</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> data, out List<KeyValuePair<string, string>> pairs)
    {
        pairs = [];
        if (data.Length <= 1)
        {
            return true; // the ABI allows an empty map as zero bytes or a single 0x00
        }

        if (data.Length < 4)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (count > (data.Length - 4) / 8)
        {
            return false;
        }

        var offset = 4L + (count * 8L);
        for (var i = 0; i < count; i++)
        {
            var keyLength = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + (i * 8))..]);
            var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(data[(8 + (i * 8))..]);
            if (offset + keyLength + valueLength + 2 > data.Length
                || data[(int)(offset + keyLength)] != 0
                || data[(int)(offset + keyLength + 1 + valueLength)] != 0)
            {
                return false;
            }

            var key = Encoding.UTF8.GetString(data.Slice((int)offset, (int)keyLength));
            offset += keyLength + 1;
            var value = Encoding.UTF8.GetString(data.Slice((int)offset, (int)valueLength));
            offset += valueLength + 1;
            pairs.Add(new(key, value));
        }

        return true;
    }
}
