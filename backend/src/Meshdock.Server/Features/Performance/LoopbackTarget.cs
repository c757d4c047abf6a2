using System.Net;
using System.Net.Sockets;
using Meshdock.Load;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// In the extension's container, <c>localhost</c> is the container, not the user's machine: a loopback target is
/// sent to the host gateway name instead (Docker Desktop's <c>host.docker.internal</c>), when that name resolves.
/// </summary>
public static class LoopbackTarget
{
    /// <summary>The spec with its loopback URLs sent to <paramref name="gateway"/>, or null when nothing changes.</summary>
    public static async Task<LoadSpec?> RewriteAsync(LoadSpec load, string gateway, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(gateway) || !load.Urls.Any(IsLoopback) || !await ResolvesAsync(gateway, cancellationToken))
        {
            return null;
        }

        return load with { Urls = [.. load.Urls.Select(url => IsLoopback(url) ? new UriBuilder(url) { Host = gateway }.Uri.ToString() : url)] };
    }

    public static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static async Task<bool> ResolvesAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return (await Dns.GetHostAddressesAsync(name, timeout.Token)).Length > 0;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
