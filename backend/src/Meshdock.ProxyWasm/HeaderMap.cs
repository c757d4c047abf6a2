using System.Collections;

namespace Meshdock.ProxyWasm;

/// <summary>
/// An ordered, mutable list of HTTP fields as a filter sees them: names lowercase (as Envoy presents them, HTTP/2
/// style), repeated names allowed, request pseudo-headers (<c>:method</c>, <c>:path</c>, <c>:authority</c>,
/// <c>:scheme</c>) and the response's <c>:status</c> included. The proxy passes one in and reads it back after the
/// call, because filters edit headers in place.
/// </summary>
public sealed class HeaderMap : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public HeaderMap()
    {
    }

    public HeaderMap(IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach (var (name, value) in fields)
        {
            Add(name, value);
        }
    }

    public int Count => _fields.Count;

    /// <summary>Request headers with the pseudo-headers a proxy adds in front of the client's own.</summary>
    public static HeaderMap ForRequest(string method, string path, string authority, string scheme = "http",
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var map = new HeaderMap();
        map.Add(":method", method);
        map.Add(":path", path);
        map.Add(":authority", authority);
        map.Add(":scheme", scheme);
        foreach (var (name, value) in headers ?? [])
        {
            map.Add(name, value);
        }

        return map;
    }

    /// <summary>Response headers with <c>:status</c> first.</summary>
    public static HeaderMap ForResponse(int status, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var map = new HeaderMap();
        map.Add(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in headers ?? [])
        {
            map.Add(name, value);
        }

        return map;
    }

    public void Add(string name, string value) => _fields.Add(new(Normalize(name), value));

    /// <summary>Replaces every field of that name with one (or adds it).</summary>
    public void Set(string name, string value)
    {
        var key = Normalize(name);
        var index = _fields.FindIndex(f => f.Key == key);
        if (index < 0)
        {
            _fields.Add(new(key, value));
            return;
        }

        _fields[index] = new(key, value);
        for (var i = _fields.Count - 1; i > index; i--)
        {
            if (_fields[i].Key == key)
            {
                _fields.RemoveAt(i);
            }
        }
    }

    public void Remove(string name)
    {
        var key = Normalize(name);
        _fields.RemoveAll(f => f.Key == key);
    }

    /// <summary>The value, with repeated fields joined by commas as Envoy does; null when absent.</summary>
    public string? Get(string name)
    {
        var key = Normalize(name);
        string? joined = null;
        foreach (var field in _fields)
        {
            if (field.Key == key)
            {
                joined = joined is null ? field.Value : $"{joined},{field.Value}";
            }
        }

        return joined;
    }

    /// <summary>Replaces the whole content (what <c>proxy_set_header_map_pairs</c> does).</summary>
    public void ReplaceAll(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        _fields.Clear();
        foreach (var (name, value) in pairs)
        {
            Add(name, value);
        }
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Normalize(string name) => name.ToLowerInvariant();
}
