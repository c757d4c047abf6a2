using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Meshdock.KubeEmulator.Runner;

/// <summary>
/// What a container wrote to its standard output, kept line by line as the kubelet keeps a container's log: a reader
/// gets everything so far, and with <c>follow</c> every later line until the container ends.
/// </summary>
public sealed class PodLog
{
    private readonly List<string> _lines = [];
    private readonly List<Channel<string>> _followers = [];
    private readonly Lock _gate = new();
    private bool _ended;

    public void Append(string line)
    {
        lock (_gate)
        {
            if (_ended) return;
            _lines.Add(line);
            foreach (var follower in _followers) follower.Writer.TryWrite(line);
        }
    }

    /// <summary>The container has ended: followers get the end of the stream.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var follower in _followers) follower.Writer.TryComplete();
            _followers.Clear();
        }
    }

    public async IAsyncEnumerable<string> ReadAsync(bool follow, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Channel<string>? live = null;
        string[] sofar;
        lock (_gate)
        {
            sofar = [.. _lines];
            if (follow && !_ended)
            {
                live = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
                _followers.Add(live);
            }
        }
        try
        {
            foreach (var line in sofar) yield return line;
            if (live is null) yield break;
            await foreach (var line in live.Reader.ReadAllAsync(ct)) yield return line;
        }
        finally
        {
            if (live is not null)
            {
                lock (_gate) _followers.Remove(live);
            }
        }
    }
}

/// <summary>The logs of the pods whose containers really run (the runner's), by pod uid.</summary>
public sealed class PodLogs
{
    private readonly ConcurrentDictionary<string, PodLog> _logs = new(StringComparer.Ordinal);

    public PodLog Open(string podUid) => _logs.GetOrAdd(podUid, _ => new PodLog());

    public PodLog? Find(string podUid) => _logs.GetValueOrDefault(podUid);

    public void Forget(string podUid) => _logs.TryRemove(podUid, out _);
}
