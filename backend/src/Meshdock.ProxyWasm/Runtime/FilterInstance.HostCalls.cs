using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// Host calls for logging, time, ticks, contexts, stream control and local responses. Each answers as Envoy does
/// (proxy-wasm-cpp-host src/exports.cc at 52a0291 and Envoy's source/extensions/common/wasm/context.cc), including
/// where that differs from what the spec's wording suggests; docs/filters.md lists the differences.
/// </summary>
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

        if (!_memory.TryReadString(messagePointer, messageLength, out var message))
        {
            return InvalidMemory;
        }

        if (level >= (int)ProxyLogLevel.Error)
        {
            _lastError = message;
        }

        _host.Log((ProxyLogLevel)level, _effectiveContextId, message);
        return Ok;
    }

    private int GetLogLevel(int returnLevel) =>
        _memory.TryWriteU32(returnLevel, (uint)_host.Options.LogLevel) ? Ok : InvalidMemory;

    private int GetCurrentTimeNanoseconds(int returnTime) =>
        _memory.TryWriteU64(returnTime, UnixNanoseconds()) ? Ok : InvalidMemory;

    private ulong UnixNanoseconds() =>
        (ulong)(_host.Options.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    private int SetTickPeriodMilliseconds(int period)
    {
        _tickTimer?.Dispose();
        _tickTimer = null;
        if (period != 0)
        {
            var interval = TimeSpan.FromMilliseconds((uint)period);
            _tickTimer = _host.Options.Clock.CreateTimer(static state => ((FilterInstance)state!).Tick(), this, interval, interval);
        }

        return Ok;
    }

    /// <summary>ABI 0.1.0: the plugin configuration while the root context is being created or configured, the VM
    /// configuration at any other time (Envoy's <c>Context::getConfiguration</c>, keyed on its temporary plugin).</summary>
    private int GetConfiguration(int returnData, int returnSize)
    {
        var configuration = PluginConfigurationInScope ? _host.PluginConfiguration : _host.VmConfiguration;
        return _memory.TryReturnBytes(configuration, returnData, returnSize) ? Ok : InvalidMemory;
    }

    /// <summary>Envoy hands the plugin configuration over only inside the root context's <c>proxy_on_context_create</c>
    /// and <c>proxy_on_configure</c>.</summary>
    private bool PluginConfigurationInScope =>
        _effectiveStream is null && _currentCallback is "proxy_on_configure" or "proxy_on_context_create";

    private int SetEffectiveContext(int contextId)
    {
        if (contextId == RootContextId)
        {
            SetEffective(RootContextId, null);
            return Ok;
        }

        if (_streams.TryGetValue(contextId, out var stream))
        {
            SetEffective(contextId, stream);
            return Ok;
        }

        return BadArgument;
    }

    /// <summary>In Envoy <c>proxy_done</c> completes only the shutdown of a root context whose <c>proxy_on_done</c>
    /// returned false; a stream's answer to <c>proxy_on_done</c> is ignored. The sandbox never shuts a root context down
    /// while the filter runs, so there is nothing to complete.</summary>
    private static int Done() => NotFound;

    /// <summary>Resumes a paused HTTP stream; from the root context (no stream) it does nothing and still answers OK,
    /// and a TCP stream type answers as Envoy's HTTP filter does (downstream OK, upstream UNIMPLEMENTED).</summary>
    private int ContinueStream(int streamType)
    {
        switch ((StreamType)streamType)
        {
            case StreamType.HttpRequest or StreamType.HttpResponse:
                _effectiveStream?.Resumption.TrySetResult(true);
                return Ok;
            case StreamType.Downstream:
                return Ok;
            case StreamType.Upstream:
                return (int)ProxyStatus.Unimplemented;
            default:
                return BadArgument;
        }
    }

    /// <summary>Resets an HTTP stream; every valid stream type answers OK, doing nothing where there is no such stream.</summary>
    private int CloseStream(int streamType)
    {
        if (streamType is < 0 or > (int)StreamType.Upstream)
        {
            return BadArgument;
        }

        if (streamType <= (int)StreamType.HttpResponse && _effectiveStream is { } stream)
        {
            stream.Closed = true;
            stream.Resumption.TrySetResult(false);
        }

        return Ok;
    }

    private int SendLocalResponse(int statusCode, int detailsPointer, int detailsLength, int bodyPointer, int bodyLength,
        int headersPointer, int headersLength, int grpcStatus)
    {
        if (!_memory.TryReadString(detailsPointer, detailsLength, out var details)
            || !_memory.TryRead(bodyPointer, bodyLength, out var body)
            || !_memory.TryRead(headersPointer, headersLength, out var serializedHeaders))
        {
            return InvalidMemory;
        }

        if (statusCode is < 100 or > 999)
        {
            return BadArgument; // stricter than Envoy, which would hand any number to its codec
        }

        if (_effectiveStream is not { } stream)
        {
            return Ok; // Envoy: no decoder callbacks in the root context, so nothing is sent
        }

        // Envoy reads malformed header pairs as no pairs and still sends the response.
        var headers = HeaderMapCodec.TryDeserialize(serializedHeaders, out var pairs) ? pairs : [];
        stream.LocalResponse = new LocalResponse(statusCode, details, headers, body, grpcStatus < 0 ? null : grpcStatus);
        return Ok;
    }

    /// <summary>No foreign functions are registered in the sandbox.</summary>
    private int CallForeignFunction(int namePointer, int nameLength, int argumentsPointer, int argumentsLength, int returnData, int returnSize) =>
        _memory.InBounds(namePointer, nameLength) && _memory.InBounds(argumentsPointer, argumentsLength) ? NotFound : InvalidMemory;

    private int WasiClockTimeGet(int clockId, long precision, int returnTime)
    {
        var clock = _host.Options.Clock;
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

        return _memory.TryWriteU64(returnTime, nanoseconds) ? WasiErrno.Success : WasiErrno.Fault;
    }

    /// <summary>stdout becomes INFO log lines and stderr ERROR lines, as the ABI asks.</summary>
    private int WasiFdWrite(int fd, int iovecs, int iovecCount, int returnWritten)
    {
        if (fd is not (1 or 2))
        {
            return WasiErrno.BadF;
        }

        if (iovecCount < 0 || !_memory.TryRead(iovecs, iovecCount * 8, out var vectors))
        {
            return WasiErrno.Fault;
        }

        using var text = new MemoryStream();
        for (var i = 0; i < iovecCount; i++)
        {
            var pointer = BitConverter.ToInt32(vectors, i * 8);
            var length = BitConverter.ToInt32(vectors, (i * 8) + 4);
            if (!_memory.TryRead(pointer, length, out var chunk))
            {
                return WasiErrno.Fault;
            }

            text.Write(chunk);
        }

        if (!_memory.TryWriteU32(returnWritten, (uint)text.Length))
        {
            return WasiErrno.Fault;
        }

        var message = System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length).TrimEnd('\n');
        if (message.Length > 0)
        {
            _host.Log(fd == 1 ? ProxyLogLevel.Info : ProxyLogLevel.Error, _effectiveContextId, message);
        }

        return WasiErrno.Success;
    }
}
