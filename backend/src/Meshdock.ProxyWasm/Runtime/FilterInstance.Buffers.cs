using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Host calls on buffers: request and response bodies, and the VM and plugin configurations.</summary>
internal sealed partial class FilterInstance
{
    private int FindBuffer(int bufferType, out ReadOnlyMemory<byte> content, out BodyBuffer? body)
    {
        content = default;
        body = null;
        switch ((BufferType)bufferType)
        {
            case BufferType.HttpRequestBody:
                body = effectiveStream?.RequestBody;
                break;
            case BufferType.HttpResponseBody:
                body = effectiveStream?.ResponseBody;
                break;
            case BufferType.VmConfiguration:
                content = host.VmConfiguration;
                return Ok;
            case BufferType.PluginConfiguration:
                content = host.PluginConfiguration;
                return Ok;
            case >= BufferType.HttpRequestBody and <= BufferType.ForeignFunctionArguments:
                return NotFound; // TCP data, HTTP/gRPC call results, foreign arguments: never present in the sandbox
            default:
                return BadArgument;
        }

        if (body is null)
        {
            return NotFound;
        }

        content = body.Content;
        return Ok;
    }

    private int GetBufferBytes(int bufferType, int start, int maxSize, int returnData, int returnSize)
    {
        if (!memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        var status = FindBuffer(bufferType, out var content, out _);
        if (status != Ok)
        {
            return status;
        }

        var offset = (uint)start;
        if (offset > content.Length)
        {
            return BadArgument;
        }

        var length = (int)Math.Min((uint)maxSize, (uint)content.Length - offset);
        return memory.TryReturnBytes(content.Span.Slice((int)offset, length), returnData, returnSize) ? Ok : InvalidMemory;
    }

    /// <summary>Replaces <paramref name="size"/> bytes at <paramref name="start"/>: prepend with (0, 0), append with a
    /// start at or past the end, replace everything with (0, length or more).</summary>
    private int SetBufferBytes(int bufferType, int start, int size, int dataPointer, int dataSize)
    {
        if (!memory.TryRead(dataPointer, dataSize, out var data))
        {
            return InvalidMemory;
        }

        var status = FindBuffer(bufferType, out var content, out var body);
        if (status != Ok)
        {
            return status;
        }

        if (body is null)
        {
            return BadArgument; // configurations are read-only
        }

        var from = (int)Math.Min((uint)start, (uint)content.Length);
        var to = (int)Math.Min((ulong)(uint)start + (uint)size, (ulong)content.Length);
        var result = new byte[from + data.Length + (content.Length - to)];
        content.Span[..from].CopyTo(result);
        data.CopyTo(result.AsSpan(from));
        content.Span[to..].CopyTo(result.AsSpan(from + data.Length));
        body.Content = result;
        return Ok;
    }

    private int GetBufferStatus(int bufferType, int returnLength, int returnFlags)
    {
        var status = FindBuffer(bufferType, out var content, out _);
        if (status != Ok)
        {
            return status;
        }

        return memory.TryWriteU32(returnLength, (uint)content.Length) && memory.TryWriteU32(returnFlags, 0) ? Ok : InvalidMemory;
    }
}
