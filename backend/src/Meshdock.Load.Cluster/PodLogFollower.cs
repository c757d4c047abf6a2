using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;

namespace Meshdock.Load.Cluster;

/// <summary>Follows a container's log (<c>kubectl logs -f</c>): every line from the start, then each new one, until the container ends.</summary>
public static class PodLogFollower
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    public static async IAsyncEnumerable<string> FollowAsync(IKubernetes client, string ns, string pod, string container,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stream = await OpenAsync(client, ns, pod, container, cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }

    // A container that has not started yet answers 400 ("is waiting to start"); the caller asks once it runs, but
    // the API server may see the kubelet's status a moment later.
    private static async Task<Stream> OpenAsync(IKubernetes client, string ns, string pod, string container, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + StartPatience;
        while (true)
        {
            try
            {
                return await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, follow: true, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.BadRequest && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
