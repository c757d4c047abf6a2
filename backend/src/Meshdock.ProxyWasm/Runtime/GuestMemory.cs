using System.Buffers.Binary;
using System.Text;
using Wasmtime;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// Bounds-checked access to a filter's linear memory. Guest pointers are unsigned 32-bit; every read and write is
/// checked against the memory's current length so that a bad pointer becomes <c>INVALID_MEMORY_ACCESS</c> for the
/// filter, never a fault in the host. Spans are taken fresh for every access because memory can grow (and move)
/// whenever the guest runs, e.g. inside the allocator.
/// </summary>
internal sealed class GuestMemory(Memory memory, Func<int, int> allocate)
{
    public bool InBounds(int pointer, int length) =>
        (ulong)(uint)pointer + (uint)length <= (ulong)memory.GetLength();

    /// <summary>Whether the two u32 slots a call returns a pointer and a length through are writable; checked
    /// before any work so that bad slots are INVALID_MEMORY_ACCESS whatever else the call would answer.</summary>
    public bool CanReturn(int returnPointer, int returnLength) => InBounds(returnPointer, 4) && InBounds(returnLength, 4);

    public bool TryRead(int pointer, int length, out byte[] bytes)
    {
        if (!InBounds(pointer, length))
        {
            bytes = [];
            return false;
        }

        bytes = length == 0 ? [] : memory.GetSpan((uint)pointer, length).ToArray();
        return true;
    }

    public bool TryReadString(int pointer, int length, out string text)
    {
        var ok = TryRead(pointer, length, out var bytes);
        text = ok ? Encoding.UTF8.GetString(bytes) : "";
        return ok;
    }

    public bool TryWriteU32(int pointer, uint value)
    {
        if (!InBounds(pointer, 4))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(memory.GetSpan((uint)pointer, 4), value);
        return true;
    }

    public bool TryWriteU64(int pointer, ulong value)
    {
        if (!InBounds(pointer, 8))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(memory.GetSpan((uint)pointer, 8), value);
        return true;
    }

    public bool TryWrite(int pointer, ReadOnlySpan<byte> bytes)
    {
        if (!InBounds(pointer, bytes.Length))
        {
            return false;
        }

        bytes.CopyTo(memory.GetSpan((uint)pointer, bytes.Length));
        return true;
    }

    /// <summary>
    /// Copies bytes into memory the filter allocates (it owns and frees it) and writes the pointer and length to its
    /// return slots. Empty values are returned as a null pointer and length 0 without allocating.
    /// </summary>
    public bool TryReturnBytes(ReadOnlySpan<byte> bytes, int returnPointer, int returnLength)
    {
        if (!InBounds(returnPointer, 4) || !InBounds(returnLength, 4))
        {
            return false;
        }

        var pointer = 0;
        if (!bytes.IsEmpty)
        {
            pointer = allocate(bytes.Length);
            if (pointer == 0 || !TryWrite(pointer, bytes))
            {
                return false;
            }
        }

        return TryWriteU32(returnPointer, (uint)pointer) && TryWriteU32(returnLength, (uint)bytes.Length);
    }
}
