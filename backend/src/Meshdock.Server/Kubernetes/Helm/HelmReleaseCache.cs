using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>
/// The releases <c>helm list</c> last saw, kept for <see cref="HelmOptions.ListCacheDuration"/> (a few seconds) so
/// that the meshes page and the cluster overview, which poll, do not start a helm process on every request. Callers
/// at the same moment share one helm run. <see cref="Invalidate"/> after anything that changes releases (a mesh
/// operation or a cleanup finishing): the next read runs helm again, and a run that began before the invalidation
/// is not kept. Releases changed outside Meshdock show up once the entry expires.
/// </summary>
public sealed class HelmReleaseCache(HelmRunner helm, IOptions<HelmOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Entry? _entry;

    public async Task<IReadOnlyList<HelmRelease>> GetAsync(HelmTarget target, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<HelmRelease>> listing;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_entry is { } entry && entry.Target == target && !entry.Listing.IsFaulted && !entry.Listing.IsCanceled
                && now - entry.StartedAt < options.Value.ListCacheDuration)
            {
                listing = entry.Listing;
            }
            else
            {
                // Not tied to one caller's token: another request may be waiting for the same run.
                listing = helm.ListReleasesAsync(target, CancellationToken.None);
                _entry = new Entry(target, now, listing);
            }
        }
        return await listing.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets what helm last listed; the next <see cref="GetAsync"/> runs helm.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _entry = null;
        }
    }

    private sealed record Entry(HelmTarget Target, DateTimeOffset StartedAt, Task<IReadOnlyList<HelmRelease>> Listing);
}
