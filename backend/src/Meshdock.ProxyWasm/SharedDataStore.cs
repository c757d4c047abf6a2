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
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private uint lastCas;

    public bool TryGet(string key, out byte[] value, out uint cas)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry))
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
        lock (gate)
        {
            if (cas != 0 && entries.TryGetValue(key, out var current) && current.Cas != cas)
            {
                return ProxyStatus.CasMismatch;
            }

            entries[key] = new Entry(value.ToArray(), NextCas());
            return ProxyStatus.Ok;
        }
    }

    /// <summary>A copy of every entry, for display.</summary>
    public IReadOnlyDictionary<string, byte[]> Snapshot()
    {
        lock (gate)
        {
            return entries.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);
        }
    }

    private uint NextCas()
    {
        lastCas = lastCas == uint.MaxValue ? 1 : lastCas + 1; // 0 means "no CAS" to filters, so never hand it out
        return lastCas;
    }

    private readonly record struct Entry(byte[] Value, uint Cas);
}
