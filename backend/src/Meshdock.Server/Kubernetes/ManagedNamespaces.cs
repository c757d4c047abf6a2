using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Kubernetes;

/// <summary>Namespaces Meshdock creates for its work: labelled as Meshdock's, so only those are ever deleted.</summary>
public static class ManagedNamespaces
{
    public static async Task EnsureAsync(IKubernetes client, string ns, OperationContext context, CancellationToken token)
    {
        try
        {
            await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Labelled so that uninstall and "remove everything" know Meshdock made it.
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta
                {
                    Name = ns,
                    Labels = new Dictionary<string, string> { [ManagedBy.Label] = ManagedBy.Value },
                },
            }, cancellationToken: token);
            await context.LogAsync($"Created namespace {ns}.");
        }
    }

    public static async Task RemoveIfOursAsync(IKubernetes client, string ns, OperationContext context, CancellationToken token)
    {
        if (await DeleteIfOursAsync(client, ns, token))
        {
            await context.LogAsync($"Deleted namespace {ns}, which Meshdock had created.");
        }
    }

    /// <summary>Deletes the namespace (and everything in it) when Meshdock created it; false when it is not Meshdock's or is gone.</summary>
    public static async Task<bool> DeleteIfOursAsync(IKubernetes client, string ns, CancellationToken token)
    {
        try
        {
            var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: token);
            if (found.Metadata?.Labels?.TryGetValue(ManagedBy.Label, out var by) == true && by == ManagedBy.Value)
            {
                await client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: token);
                return true;
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
        return false;
    }
}
