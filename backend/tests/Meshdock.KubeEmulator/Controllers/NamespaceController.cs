using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>What a new namespace gets from the control plane: the <c>default</c> ServiceAccount and the <c>kube-root-ca.crt</c> ConfigMap.</summary>
public sealed class NamespaceController(ControllerContext context)
{
    public void Populate(string ns)
    {
        TryCreate(context.Type("", "serviceaccounts"), new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
        });
        TryCreate(context.Type("", "configmaps"), new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kube-root-ca.crt",
                ["namespace"] = ns,
                ["annotations"] = new JsonObject { ["kubernetes.io/description"] = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
            },
            ["data"] = new JsonObject { ["ca.crt"] = "-----BEGIN CERTIFICATE-----\nZW11bGF0b3I=\n-----END CERTIFICATE-----\n" },
        });
    }

    private void TryCreate(ResourceType type, JsonObject obj)
    {
        try
        {
            context.Store.Create(type, obj);
        }
        catch (KubeApiException e) when (e.Code == 409)
        {
            // Already there (a client was quicker): nothing to do.
        }
    }
}
