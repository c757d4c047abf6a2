using System.Text;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// Host calls on header and trailer maps of the effective stream, answered as Envoy's <c>Context</c> does: a map the
/// stream does not have (yet), or any map from the root context, is BAD_ARGUMENT, except that reading all pairs of it
/// gives an empty map; under ABI 0.1.0 a header that is absent reads as an empty value with OK instead of NOT_FOUND.
/// </summary>
internal sealed partial class FilterInstance
{
    /// <summary>The map a call names, or BAD_ARGUMENT. Trailers that did not arrive are created when the filter writes
    /// them from the last body chunk (Envoy's <c>addDecodedTrailers</c>/<c>addEncodedTrailers</c>), and only then.</summary>
    private int FindMap(int mapType, bool create, out HeaderMap map)
    {
        map = null!;
        if (mapType is < 0 or > (int)MapType.HttpCallResponseTrailers || _effectiveStream is not { } stream)
        {
            return BadArgument;
        }

        HeaderMap? found;
        switch ((MapType)mapType)
        {
            case MapType.HttpRequestHeaders:
                found = stream.RequestHeaders;
                break;
            case MapType.HttpResponseHeaders:
                found = stream.ResponseHeaders;
                break;
            case MapType.HttpRequestTrailers:
                found = stream.RequestTrailers ??= create && AtLastChunk(stream, "proxy_on_request_body") ? new HeaderMap() : null;
                break;
            case MapType.HttpResponseTrailers:
                found = stream.ResponseTrailers ??= create && AtLastChunk(stream, "proxy_on_response_body") ? new HeaderMap() : null;
                break;
            default:
                found = null; // gRPC and HTTP-call maps: the sandbox makes no such calls
                break;
        }

        if (found is null)
        {
            return BadArgument;
        }

        map = found;
        return Ok;
    }

    private int GetHeaderMapPairs(int mapType, int returnData, int returnSize)
    {
        if (!_memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        if (mapType is < 0 or > (int)MapType.HttpCallResponseTrailers)
        {
            return BadArgument;
        }

        var found = FindMap(mapType, create: false, out var map) == Ok;
        return _memory.TryReturnBytes(found ? HeaderMapCodec.Serialize(map) : [], returnData, returnSize) ? Ok : InvalidMemory;
    }

    private int SetHeaderMapPairs(int mapType, int dataPointer, int dataSize)
    {
        if (!_memory.TryRead(dataPointer, dataSize, out var data))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: true, out var map);
        if (status != Ok)
        {
            return status;
        }

        // Envoy reads malformed pairs as none, and so empties the map.
        map.ReplaceAll(HeaderMapCodec.TryDeserialize(data, out var pairs) ? pairs : []);
        return Ok;
    }

    private int GetHeaderMapValue(int mapType, int keyPointer, int keySize, int returnData, int returnSize)
    {
        if (!_memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        if (!_memory.TryReadString(keyPointer, keySize, out var key))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: false, out var map);
        var inLogPhase = _currentCallback == "proxy_on_log" && mapType is >= 0 and <= (int)MapType.HttpCallResponseTrailers;
        if (status != Ok && !inLogPhase)
        {
            return status;
        }

        // In Envoy's access-log phase (proxy_on_log) a missing map reads like a missing header.
        if (status != Ok || map.Get(key) is not { } value)
        {
            return _host.Module.AbiVersion == ProxyAbiVersion.V010
                ? _memory.TryReturnBytes([], returnData, returnSize) ? Ok : InvalidMemory // OK with a null pointer and length 0
                : NotFound;
        }

        return _memory.TryReturnBytes(Encoding.UTF8.GetBytes(value), returnData, returnSize) ? Ok : InvalidMemory;
    }

    private bool AtLastChunk(StreamState stream, string bodyCallback) =>
        _currentCallback == bodyCallback && stream.BodyEnded;

    private int AddHeaderMapValue(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize) =>
        EditMap(mapType, keyPointer, keySize, valuePointer, valueSize, (map, key, value) => map.Add(key, value));

    private int ReplaceHeaderMapValue(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize) =>
        EditMap(mapType, keyPointer, keySize, valuePointer, valueSize, (map, key, value) => map.Set(key, value));

    private int RemoveHeaderMapValue(int mapType, int keyPointer, int keySize) =>
        EditMap(mapType, keyPointer, keySize, 0, 0, (map, key, _) => map.Remove(key));

    private int EditMap(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize, Action<HeaderMap, string, string> edit)
    {
        if (!_memory.TryReadString(keyPointer, keySize, out var key) || !_memory.TryReadString(valuePointer, valueSize, out var value))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: true, out var map);
        if (status != Ok)
        {
            return status;
        }

        edit(map, key, value);
        return Ok;
    }

    private int GetHeaderMapSize(int mapType, int returnSize)
    {
        var status = FindMap(mapType, create: false, out var map);
        if (status != Ok)
        {
            return status;
        }

        // Envoy answers HeaderMap::byteSize(): the bytes of every key and value, without the serialisation's framing.
        var bytes = map.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + Encoding.UTF8.GetByteCount(h.Value));
        return _memory.TryWriteU32(returnSize, (uint)bytes) ? Ok : InvalidMemory;
    }
}
