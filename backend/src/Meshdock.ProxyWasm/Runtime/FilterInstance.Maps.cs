using System.Text;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Host calls on header and trailer maps of the effective stream.</summary>
internal sealed partial class FilterInstance
{
    /// <summary>The map a call names: BAD_ARGUMENT for an unknown map type, NOT_FOUND when the stream has no such map
    /// (yet); trailers are created on demand when the filter adds to them.</summary>
    private int FindMap(int mapType, bool create, out HeaderMap map)
    {
        map = null!;
        if (mapType is < 0 or > (int)MapType.HttpCallResponseTrailers)
        {
            return BadArgument;
        }

        if (effectiveStream is not { } stream)
        {
            return NotFound;
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
                found = stream.RequestTrailers ??= create ? new HeaderMap() : null;
                break;
            case MapType.HttpResponseTrailers:
                found = stream.ResponseTrailers ??= create ? new HeaderMap() : null;
                break;
            default:
                return NotFound; // gRPC and HTTP-call maps: the sandbox makes no such calls
        }

        if (found is null)
        {
            return NotFound;
        }

        map = found;
        return Ok;
    }

    private int GetHeaderMapPairs(int mapType, int returnData, int returnSize)
    {
        if (!memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: false, out var map);
        if (status != Ok)
        {
            return status;
        }

        return memory.TryReturnBytes(HeaderMapCodec.Serialize(map), returnData, returnSize) ? Ok : InvalidMemory;
    }

    private int SetHeaderMapPairs(int mapType, int dataPointer, int dataSize)
    {
        if (!memory.TryRead(dataPointer, dataSize, out var data))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: true, out var map);
        if (status != Ok)
        {
            return status;
        }

        if (!HeaderMapCodec.TryDeserialize(data, out var pairs))
        {
            return BadArgument;
        }

        map.ReplaceAll(pairs);
        return Ok;
    }

    private int GetHeaderMapValue(int mapType, int keyPointer, int keySize, int returnData, int returnSize)
    {
        if (!memory.CanReturn(returnData, returnSize))
        {
            return InvalidMemory;
        }

        if (!memory.TryReadString(keyPointer, keySize, out var key))
        {
            return InvalidMemory;
        }

        var status = FindMap(mapType, create: false, out var map);
        if (status != Ok)
        {
            return status;
        }

        if (map.Get(key) is not { } value)
        {
            return NotFound;
        }

        return memory.TryReturnBytes(Encoding.UTF8.GetBytes(value), returnData, returnSize) ? Ok : InvalidMemory;
    }

    private int AddHeaderMapValue(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize) =>
        EditMap(mapType, keyPointer, keySize, valuePointer, valueSize, (map, key, value) => map.Add(key, value));

    private int ReplaceHeaderMapValue(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize) =>
        EditMap(mapType, keyPointer, keySize, valuePointer, valueSize, (map, key, value) => map.Set(key, value));

    private int RemoveHeaderMapValue(int mapType, int keyPointer, int keySize) =>
        EditMap(mapType, keyPointer, keySize, 0, 0, (map, key, _) => map.Remove(key));

    private int EditMap(int mapType, int keyPointer, int keySize, int valuePointer, int valueSize, Action<HeaderMap, string, string> edit)
    {
        if (!memory.TryReadString(keyPointer, keySize, out var key) || !memory.TryReadString(valuePointer, valueSize, out var value))
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

        return memory.TryWriteU32(returnSize, (uint)HeaderMapCodec.Serialize(map).Length) ? Ok : InvalidMemory;
    }
}
