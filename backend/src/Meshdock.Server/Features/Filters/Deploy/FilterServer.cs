using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// Changes the set of modules the in-cluster filter server serves. That set is one field, the projected volume of
/// its Deployment (an atomic list), which every attach and detach rewrites: two writers that each read it and write
/// it back would drop each other's module. So writers take turns within the process, and every write is conditional
/// on what it was computed from — an apply carrying the <c>resourceVersion</c> it read, or a create when there was
/// no Deployment — and is read and computed again on a 409 Conflict. Another writer (a second Meshdock on the same
/// cluster, or a person's kubectl) is then never overwritten either.
/// </summary>
public sealed class FilterServer : IDisposable
{
    private const int MaxAttempts = 10;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Puts the module's ConfigMap in place and adds it to the modules the server serves.</summary>
    public async Task PublishAsync(IKubernetes client, string filterName, string sha256, ReadOnlyMemory<byte> module, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await KubeApply.ApplyAsync(client, FilterServerManifests.NamespaceManifest(), cancellationToken);
            await KubeApply.ApplyAsync(client, FilterServerManifests.ServerConfigMap(), cancellationToken);
            await KubeApply.ApplyAsync(client, FilterServerManifests.ConfigMap(filterName, sha256, module.Span), cancellationToken);
            await ChangeModulesAsync(client, served => served.Add(FilterServerManifests.ConfigMapName(sha256)), cancellationToken);
            await KubeApply.ApplyAsync(client, FilterServerManifests.Service(), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops serving the module and deletes its ConfigMap, unless <paramref name="stillUsed"/> (asked while no other
    /// change runs) says an attachment still needs it. True when it was removed.
    /// </summary>
    public async Task<bool> RetireAsync(IKubernetes client, string filterName, string sha256,
        Func<CancellationToken, Task<bool>> stillUsed, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await stillUsed(cancellationToken))
            {
                return false;
            }

            await ChangeModulesAsync(client, served => served.Remove(FilterServerManifests.ConfigMapName(sha256)), cancellationToken);
            await KubeApply.DeleteAsync(client, FilterServerManifests.ConfigMap(filterName, sha256, []), cancellationToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads the Deployment, changes its set of module ConfigMaps, and writes it back only if nobody wrote it
    /// meanwhile; otherwise starts over. Works across processes on its own (the tests call it without the lock).
    /// </summary>
    internal static async Task ChangeModulesAsync(IKubernetes client, Action<SortedSet<string>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var live = await ReadAsync(client, cancellationToken);
            var served = new SortedSet<string>(live is null ? [] : FilterServerManifests.ServedConfigMaps(live), StringComparer.Ordinal);
            change(served);
            var manifest = FilterServerManifests.DeploymentServing(served);
            try
            {
                if (live is null)
                {
                    // A create fails with 409 AlreadyExists when another writer created it first.
                    await client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(manifest.ToJsonString()),
                        FilterServerManifests.Namespace, fieldManager: KubeApply.FieldManager, cancellationToken: cancellationToken);
                }
                else
                {
                    // Server-side apply honours metadata.resourceVersion: a stale one is a 409 Conflict, not a lost write.
                    manifest["metadata"]!["resourceVersion"] = live.Metadata.ResourceVersion;
                    await KubeApply.ApplyAsync(client, manifest, cancellationToken);
                }
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                if (attempt == MaxAttempts)
                {
                    throw new OperationFailedException(
                        $"The filter server's Deployment ({FilterServerManifests.Namespace}/{FilterServerManifests.Name}) changed under Meshdock "
                        + $"{MaxAttempts} times in a row while it updated the list of modules; something else keeps rewriting it. Try again.");
                }
            }

            // Writers that collided should not collide again in step.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100 * attempt)), cancellationToken);
        }
    }

    private static async Task<V1Deployment?> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Dispose() => _gate.Dispose();
}
