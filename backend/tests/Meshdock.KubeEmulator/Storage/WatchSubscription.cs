using System.Threading.Channels;

namespace Meshdock.KubeEmulator.Storage;

/// <summary>A live watch on the store. Dispose it to stop receiving changes.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> _onDispose;
    private readonly Channel<StoreChange> _channel = Channel.CreateUnbounded<StoreChange>();

    internal WatchSubscription(string? storageKey, string? ns, Action<WatchSubscription> onDispose)
    {
        StorageKey = storageKey;
        Namespace = ns;
        _onDispose = onDispose;
    }

    /// <summary>The resource watched, or null for every resource (the emulator's own controllers).</summary>
    public string? StorageKey { get; }

    public string? Namespace { get; }

    public ChannelReader<StoreChange> Changes => _channel.Reader;

    internal void Publish(StoreChange change) => _channel.Writer.TryWrite(change);

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _onDispose(this);
    }
}
