using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Host calls on shared data (host-wide, with CAS), metrics and properties.</summary>
internal sealed partial class FilterInstance
{
    private int GetSharedData(int keyPointer, int keySize, int returnData, int returnSize, int returnCas)
    {
        if (!_memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        if (!_memory.TryReadString(keyPointer, keySize, out var key) || !_memory.InBounds(returnCas, 4))
        {
            return InvalidMemory;
        }

        if (!_host.SharedData.TryGet(key, out var value, out var cas))
        {
            return NotFound;
        }

        return _memory.TryReturnBytes(value, returnData, returnSize) && _memory.TryWriteU32(returnCas, cas) ? Ok : InvalidMemory;
    }

    private int SetSharedData(int keyPointer, int keySize, int valuePointer, int valueSize, int cas)
    {
        if (!_memory.TryReadString(keyPointer, keySize, out var key) || !_memory.TryRead(valuePointer, valueSize, out var value))
        {
            return InvalidMemory;
        }

        return (int)_host.SharedData.Set(key, value, (uint)cas);
    }

    private int DefineMetric(int metricType, int namePointer, int nameSize, int returnId)
    {
        if (!_memory.TryReadString(namePointer, nameSize, out var name) || !_memory.InBounds(returnId, 4))
        {
            return InvalidMemory;
        }

        var status = _host.Metrics.Define(metricType, name, out var id);
        return status != ProxyStatus.Ok ? (int)status : _memory.TryWriteU32(returnId, (uint)id) ? Ok : InvalidMemory;
    }

    private int IncrementMetric(int metricId, long delta) => (int)_host.Metrics.Increment(metricId, delta);

    private int RecordMetric(int metricId, long value) => (int)_host.Metrics.Record(metricId, value);

    private int GetMetric(int metricId, int returnValue)
    {
        if (!_memory.InBounds(returnValue, 8))
        {
            return InvalidMemory;
        }

        var status = _host.Metrics.Get(metricId, out var value);
        return status != ProxyStatus.Ok ? (int)status : _memory.TryWriteU64(returnValue, (ulong)value) ? Ok : InvalidMemory;
    }

    private int GetProperty(int pathPointer, int pathSize, int returnData, int returnSize)
    {
        if (!_memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        if (!_memory.TryRead(pathPointer, pathSize, out var path))
        {
            return InvalidMemory;
        }

        if (ResolveProperty(PropertyPath(path)) is not { } value)
        {
            return NotFound;
        }

        return _memory.TryReturnBytes(value, returnData, returnSize) ? Ok : InvalidMemory;
    }

    private int SetProperty(int pathPointer, int pathSize, int valuePointer, int valueSize)
    {
        if (!_memory.TryRead(pathPointer, pathSize, out var path) || !_memory.TryRead(valuePointer, valueSize, out var value))
        {
            return InvalidMemory;
        }

        if (_effectiveStream is not { } stream)
        {
            return NotFound; // Envoy keeps properties in the request's filter state, which the root context has not
        }

        stream.Properties[PropertyPath(path)] = value;
        return Ok;
    }

    /// <summary>Paths arrive as NUL-separated segments ("request\0path"); they are looked up in dotted form.</summary>
    private static string PropertyPath(byte[] path) => Encoding.UTF8.GetString(path).TrimEnd('\0').Replace('\0', '.');

    /// <summary>
    /// The properties filters commonly read, serialised as Envoy does: strings as bytes, integers as 8-byte
    /// little-endian, timestamps and durations as 8-byte nanoseconds, booleans as one byte, header maps in the ABI's
    /// map format.
    /// </summary>
    private byte[]? ResolveProperty(string path)
    {
        if (_host.Options.Properties.TryGetValue(path, out var configured))
        {
            return Encoding.UTF8.GetBytes(configured);
        }

        var stream = _effectiveStream;
        if (stream is not null && stream.Properties.TryGetValue(path, out var set))
        {
            return set;
        }

        var request = stream?.RequestHeaders;
        var response = stream?.ResponseHeaders;
        var requestPath = request?.Get(":path");
        return path switch
        {
            "plugin_name" => Text(_host.Options.PluginName),
            "plugin_root_id" => Text(_host.Options.RootId),
            "plugin_vm_id" => Text(_host.Options.VmId),
            "request.path" => Text(requestPath),
            "request.url_path" => Text(requestPath?.Split('?', 2)[0]),
            "request.query" => Text(requestPath is null ? null : requestPath.Contains('?', StringComparison.Ordinal) ? requestPath.Split('?', 2)[1] : ""),
            "request.host" => Text(request?.Get(":authority")),
            "request.scheme" => Text(request?.Get(":scheme")),
            "request.method" => Text(request?.Get(":method")),
            "request.headers" => request is null ? null : HeaderMapCodec.Serialize(request),
            "request.referer" => Text(request?.Get("referer")),
            "request.useragent" => Text(request?.Get("user-agent")),
            "request.id" => Text(request?.Get("x-request-id") ?? stream?.Info.RequestId),
            "request.protocol" => Text(stream?.Info.Protocol),
            "request.time" => stream is null ? null : Int64((stream.StartTime - DateTimeOffset.UnixEpoch).Ticks * 100),
            "request.duration" => stream is null ? null : Int64((_host.Options.Clock.GetUtcNow() - stream.StartTime).Ticks * 100),
            "response.code" => int.TryParse(response?.Get(":status"), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? Int64(code) : null,
            "response.headers" => response is null ? null : HeaderMapCodec.Serialize(response),
            "response.trailers" => stream?.ResponseTrailers is { } trailers ? HeaderMapCodec.Serialize(trailers) : null,
            "source.address" => Text(stream?.Info.Source?.ToString()),
            "source.port" => stream?.Info.Source is { } source ? Int64(source.Port) : null,
            "destination.address" => Text(stream?.Info.Destination?.ToString()),
            "destination.port" => stream?.Info.Destination is { } destination ? Int64(destination.Port) : null,
            "connection.mtls" => stream is null ? null : [0],
            _ => null,
        };
    }

    private static byte[]? Text(string? value) => value is null ? null : Encoding.UTF8.GetBytes(value);

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
