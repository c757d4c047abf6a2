using System.Buffers;
using System.Buffers.Binary;

namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>Protobuf wire encoding: tags, varints, zigzag, fixed-width little-endian and length-delimited fields.</summary>
internal sealed class ProtoWriter
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void Tag(int number, int wireType) => WriteVarint(((ulong)(uint)number << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>A length prefix then the bytes (strings, bytes, nested messages, packed runs).</summary>
    public void WriteLengthDelimited(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>The wire type a value of <paramref name="type"/> takes outside a packed run.</summary>
    public static int WireType(ProtoType type) => type switch
    {
        ProtoType.Double or ProtoType.Fixed64 or ProtoType.SFixed64 => Fixed64,
        ProtoType.Float or ProtoType.Fixed32 or ProtoType.SFixed32 => Fixed32,
        ProtoType.String or ProtoType.Bytes or ProtoType.Message => LengthDelimited,
        _ => Varint,
    };
}
