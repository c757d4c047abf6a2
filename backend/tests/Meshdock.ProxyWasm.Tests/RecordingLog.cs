using System.Collections.Concurrent;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>Collects what filters log, for assertions.</summary>
internal sealed class RecordingLog
{
    private readonly ConcurrentQueue<FilterLogEntry> entries = new();

    public IReadOnlyList<FilterLogEntry> Entries => [.. entries];

    public void Add(FilterLogEntry entry) => entries.Enqueue(entry);

    public IEnumerable<string> Messages(ProxyLogLevel level) => entries.Where(e => e.Level == level).Select(e => e.Message);
}
