using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Host calls for logging, time, ticks, contexts, stream control and local responses.</summary>
internal sealed partial class FilterInstance
{
    private const int Ok = (int)ProxyStatus.Ok;
    private const int NotFound = (int)ProxyStatus.NotFound;
    private const int BadArgument = (int)ProxyStatus.BadArgument;
    private const int InvalidMemory = (int)ProxyStatus.InvalidMemoryAccess;

    private int Log(int level, int messagePointer, int messageLength)
    {
        if (level is < (int)ProxyLogLevel.Trace or > (int)ProxyLogLevel.Critical)
        {
            return BadArgument;
        }

        if (!memory.TryReadString(messagePointer, messageLength, out var message))
        {
            return InvalidMemory;
        }

        if (level >= (int)ProxyLogLevel.Error)
        {
            lastError = message;
        }

        host.Log((ProxyLogLevel)level, effectiveContextId, message);
        return Ok;
    }

    private int GetLogLevel(int returnLevel) =>
        memory.TryWriteU32(returnLevel, (uint)host.Options.LogLevel) ? Ok : InvalidMemory;

    private int GetCurrentTimeNanoseconds(int returnTime) =>
        memory.TryWriteU64(returnTime, UnixNanoseconds()) ? Ok : InvalidMemory;

    private ulong UnixNanoseconds() =>
        (ulong)(host.Options.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    private int SetTickPeriodMilliseconds(int period)
    {
        tickTimer?.Dispose();
        tickTimer = null;
        if (period != 0)
        {
            var interval = TimeSpan.FromMilliseconds((uint)period);
            tickTimer = host.Options.Clock.CreateTimer(static state => ((FilterInstance)state!).Tick(), this, interval, interval);
        }

        return Ok;
    }

    /// <summary>ABI 0.1.0: the VM configuration inside <c>proxy_on_vm_start</c>, the plugin configuration otherwise.</summary>
    private int GetConfiguration(int returnData, int returnSize)
    {
        var configuration = currentCallback == "proxy_on_vm_start" ? host.VmConfiguration : host.PluginConfiguration;
        return memory.TryReturnBytes(configuration, returnData, returnSize) ? Ok : InvalidMemory;
    }

    private int SetEffectiveContext(int contextId)
    {
        if (contextId == RootContextId)
        {
            SetEffective(RootContextId, null);
            return Ok;
        }

        if (streams.TryGetValue(contextId, out var stream))
        {
            SetEffective(contextId, stream);
            return Ok;
        }

        return BadArgument;
    }

    /// <summary>The filter finishes a stream whose <c>proxy_on_done</c> returned false.</summary>
    private int Done()
    {
        if (effectiveStream is not { } stream || !streams.ContainsKey(stream.ContextId) || finishedByFilter.Contains(stream))
        {
            return NotFound;
        }

        finishedByFilter.Add(stream);
        return Ok;
    }

    private int ContinueStream(int streamType)
    {
        switch ((StreamType)streamType)
        {
            case StreamType.HttpRequest or StreamType.HttpResponse:
                if (effectiveStream is not { } stream)
                {
                    return NotFound;
                }

                stream.Resumption.TrySetResult(true);
                return Ok;
            case StreamType.Downstream or StreamType.Upstream:
                return (int)ProxyStatus.Unimplemented; // the sandbox hosts HTTP filters only
            default:
                return BadArgument;
        }
    }

    private int CloseStream(int streamType)
    {
        if (streamType is < 0 or > (int)StreamType.Upstream)
        {
            return BadArgument;
        }

        if (effectiveStream is not { } stream)
        {
            return NotFound;
        }

        stream.Closed = true;
        stream.Resumption.TrySetResult(false);
        return Ok;
    }

    private int SendLocalResponse(int statusCode, int detailsPointer, int detailsLength, int bodyPointer, int bodyLength,
        int headersPointer, int headersLength, int grpcStatus)
    {
        if (!memory.TryReadString(detailsPointer, detailsLength, out var details)
            || !memory.TryRead(bodyPointer, bodyLength, out var body)
            || !memory.TryRead(headersPointer, headersLength, out var serializedHeaders))
        {
            return InvalidMemory;
        }

        if (effectiveStream is not { } stream)
        {
            return NotFound;
        }

        if (statusCode is < 100 or > 999 || !HeaderMapCodec.TryDeserialize(serializedHeaders, out var headers))
        {
            return BadArgument;
        }

        stream.LocalResponse = new LocalResponse(statusCode, details, headers, body, grpcStatus < 0 ? null : grpcStatus);
        return Ok;
    }

    /// <summary>No foreign functions are registered in the sandbox.</summary>
    private int CallForeignFunction(int namePointer, int nameLength, int argumentsPointer, int argumentsLength, int returnData, int returnSize) =>
        memory.InBounds(namePointer, nameLength) && memory.InBounds(argumentsPointer, argumentsLength) ? NotFound : InvalidMemory;

    private int WasiClockTimeGet(int clockId, long precision, int returnTime)
    {
        var clock = host.Options.Clock;
        ulong nanoseconds;
        switch (clockId)
        {
            case 0: // realtime
                nanoseconds = UnixNanoseconds();
                break;
            case 1 or 2 or 3: // monotonic, process and thread CPU time: all answered monotonic
                nanoseconds = (ulong)(clock.GetTimestamp() * (1_000_000_000.0 / clock.TimestampFrequency));
                break;
            default:
                return WasiErrno.Inval;
        }

        return memory.TryWriteU64(returnTime, nanoseconds) ? WasiErrno.Success : WasiErrno.Fault;
    }

    /// <summary>stdout becomes INFO log lines and stderr ERROR lines, as the ABI asks.</summary>
    private int WasiFdWrite(int fd, int iovecs, int iovecCount, int returnWritten)
    {
        if (fd is not (1 or 2))
        {
            return WasiErrno.BadF;
        }

        if (iovecCount < 0 || !memory.TryRead(iovecs, iovecCount * 8, out var vectors))
        {
            return WasiErrno.Fault;
        }

        using var text = new MemoryStream();
        for (var i = 0; i < iovecCount; i++)
        {
            var pointer = BitConverter.ToInt32(vectors, i * 8);
            var length = BitConverter.ToInt32(vectors, (i * 8) + 4);
            if (!memory.TryRead(pointer, length, out var chunk))
            {
                return WasiErrno.Fault;
            }

            text.Write(chunk);
        }

        if (!memory.TryWriteU32(returnWritten, (uint)text.Length))
        {
            return WasiErrno.Fault;
        }

        var message = System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length).TrimEnd('\n');
        if (message.Length > 0)
        {
            host.Log(fd == 1 ? ProxyLogLevel.Info : ProxyLogLevel.Error, effectiveContextId, message);
        }

        return WasiErrno.Success;
    }
}
