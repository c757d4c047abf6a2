using System.Collections.Concurrent;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>Collects what filters log, for assertions.</summary>
internal sealed class RecordingLog
{
    private readonly ConcurrentQueue<FilterLogEntry> _entries = new();

    public IReadOnlyList<FilterLogEntry> Entries => [.. _entries];

    public void Add(FilterLogEntry entry) => _entries.Enqueue(entry);

    public IEnumerable<string> Messages(ProxyLogLevel level) => _entries.Where(e => e.Level == level).Select(e => e.Message);
}
