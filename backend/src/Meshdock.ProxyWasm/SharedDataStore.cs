using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm;

/// <summary>
/// The proxy-wasm shared key-value store: one per host (or shared between hosts when passed in the options), used by
/// every instance of the pool, so that counters agree across "worker threads". Each value carries a compare-and-swap
/// number that changes on every write; a write with a non-zero CAS succeeds only if it still matches (Envoy's rules:
/// CAS 0 writes unconditionally, and a key that does not exist yet is created whatever the CAS).
/// </summary>
public sealed class SharedDataStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private uint _lastCas;

    public bool TryGet(string key, out byte[] value, out uint cas)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                (value, cas) = (entry.Value, entry.Cas);
                return true;
            }
        }

        (value, cas) = ([], 0);
        return false;
    }

    public ProxyStatus Set(string key, ReadOnlySpan<byte> value, uint cas)
    {
        lock (_gate)
        {
            if (cas != 0 && _entries.TryGetValue(key, out var current) && current.Cas != cas)
            {
                return ProxyStatus.CasMismatch;
            }

            _entries[key] = new Entry(value.ToArray(), NextCas());
            return ProxyStatus.Ok;
        }
    }

    /// <summary>A copy of every entry, for display.</summary>
    public IReadOnlyDictionary<string, byte[]> Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);
        }
    }

    private uint NextCas()
    {
        _lastCas = _lastCas == uint.MaxValue ? 1 : _lastCas + 1; // 0 means "no CAS" to filters, so never hand it out
        return _lastCas;
    }

    private readonly record struct Entry(byte[] Value, uint Cas);
}
