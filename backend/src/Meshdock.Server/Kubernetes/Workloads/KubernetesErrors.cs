using System.Text.Json;
using k8s.Autorest;

namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>Turns a refused Kubernetes API call into a sentence, using the Status body's message when there is one.</summary>
public static class KubernetesErrors
{
    public static string Sentence(HttpOperationException e, string doing)
    {
        var status = (int)e.Response.StatusCode;
        var message = StatusMessage(e.Response.Content) ?? e.Response.ReasonPhrase ?? "no reason given";
        var advice = status switch
        {
            401 => "The kubeconfig's credentials were refused: get a fresh kubeconfig.",
            403 => "The kubeconfig's user lacks the rights: use a cluster-admin context such as docker-desktop.",
            404 => "Something it needs does not exist on the cluster.",
            409 => "Something changed it at the same time: retry.",
            422 => "The cluster rejected an object as invalid.",
            _ => "Check the cluster, then retry.",
        };
        return $"The Kubernetes API refused a request while {doing} ({status}: {message.TrimEnd('.')}). {advice}";
    }

    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
