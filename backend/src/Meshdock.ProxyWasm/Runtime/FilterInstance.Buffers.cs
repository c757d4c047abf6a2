using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// Host calls on buffers, answered as Envoy's <c>Context::getBuffer</c> and <c>Buffer::copyFrom</c> do: a body the
/// stream has not received reads as empty (OK, not NOT_FOUND), the plugin configuration exists only while the root
/// context is created and configured, the VM configuration always, an HTTP call's response body never (the sandbox
/// makes no calls); bodies are edited by prepending, appending or replacing all of them, nothing in between.
/// </summary>
internal sealed partial class FilterInstance
{
    private int FindBuffer(int bufferType, out ReadOnlyMemory<byte> content, out BodyBuffer? body)
    {
        content = default;
        body = null;
        switch ((BufferType)bufferType)
        {
            case BufferType.HttpRequestBody:
                body = _effectiveStream?.RequestBody;
                break;
            case BufferType.HttpResponseBody:
                body = _effectiveStream?.ResponseBody;
                break;
            case BufferType.VmConfiguration:
                content = _host.VmConfiguration;
                return Ok;
            case BufferType.PluginConfiguration when PluginConfigurationInScope:
                content = _host.PluginConfiguration;
                return Ok;
            case BufferType.PluginConfiguration or BufferType.HttpCallResponseBody:
                return NotFound;
            case >= BufferType.HttpRequestBody and <= BufferType.ForeignFunctionArguments:
                return Ok; // TCP data, gRPC messages, call arguments: Envoy answers an empty buffer
            default:
                return BadArgument;
        }

        content = body?.Content ?? default;
        return Ok;
    }

    private int GetBufferBytes(int bufferType, int start, int maxSize, int returnData, int returnSize)
    {
        if (!_memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        var status = FindBuffer(bufferType, out var content, out _);
        if (status != Ok)
        {
            return status;
        }

        // Envoy clamps rather than refuses: a start past the end reads nothing.
        var offset = Math.Min((uint)start, (uint)content.Length);
        var length = (int)Math.Min((uint)maxSize, (uint)content.Length - offset);
        return _memory.TryReturnBytes(content.Span.Slice((int)offset, length), returnData, returnSize) ? Ok : InvalidMemory;
    }

    /// <summary>Envoy's three edits: (0, 0) prepends, (0, length or more) replaces everything, a start at or past the end
    /// appends; any other range, a body the stream does not have and the configurations are BAD_ARGUMENT.</summary>
    private int SetBufferBytes(int bufferType, int start, int size, int dataPointer, int dataSize)
    {
        var status = FindBuffer(bufferType, out var content, out var body);
        if (status != Ok)
        {
            return status;
        }

        if (!_memory.TryRead(dataPointer, dataSize, out var data))
        {
            return InvalidMemory;
        }

        if (body is null)
        {
            return BadArgument;
        }

        var (from, length) = ((uint)start, (uint)size);
        byte[] result;
        if (from == 0 && length == 0)
        {
            result = [.. data, .. content.Span];
        }
        else if (from == 0 && length >= content.Length)
        {
            result = data;
        }
        else if (from != 0 && from >= content.Length)
        {
            result = [.. content.Span, .. data];
        }
        else
        {
            return BadArgument;
        }

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

        return _memory.TryWriteU32(returnLength, (uint)content.Length) && _memory.TryWriteU32(returnFlags, 0) ? Ok : InvalidMemory;
    }
}
