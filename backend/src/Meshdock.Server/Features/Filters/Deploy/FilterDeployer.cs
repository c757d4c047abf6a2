using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// Attaches registry filters to mesh workloads and detaches them, each as an operation (target <c>filter:&lt;id&gt;</c>)
/// with a step per stage: the module goes to the in-cluster filter server, then the mesh's object points at it.
/// </summary>
public sealed partial class FilterDeployer(
    FilterStore filters,
    BuiltInFilterStatus builtIn,
    AttachmentStore attachments,
    FilterServer server,
    ClusterConnection cluster,
    IMeshDirectory meshes,
    OperationService operations,
    TimeProvider time)
{
    private static readonly TimeSpan ServerReadyTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Checks the request, then starts the attach operation. Refusals come back as a validation or a problem.</summary>
    public async Task<DeployStart> AttachAsync(string filterId, AttachRequest request, CancellationToken cancellationToken)
    {
        if (await filters.GetAsync(filterId, cancellationToken) is not { } filter)
        {
            return new DeployStart.NotFound(BuiltInFilter.NotFound(filterId, builtIn));
        }

        var validation = new Validation().Require("mesh", request.Mesh).Require("namespace", request.Namespace);
        var support = request.Mesh is null ? null : MeshFilterSupport.Find(meshes.Meshes, request.Mesh);
        validation.Check(request.Mesh is null || support is not null, "mesh",
            $"'{request.Mesh}' is not a mesh Meshdock knows; use one of {string.Join(", ", MeshFilterSupport.From(meshes.Meshes).Select(m => m.Mesh))}.");
        validation.Check(request.Namespace is null || DnsLabel().IsMatch(request.Namespace), "namespace",
            $"'{request.Namespace}' is not a namespace name.");
        var selector = request.WorkloadSelector ?? [];
        validation.Check(selector.Count > 0, "workloadSelector", "'workloadSelector' needs at least one pod label, such as {\"app\": \"api\"}.");
        foreach (var problem in LabelSelectorRules.Check(selector))
        {
            validation.Add("workloadSelector", problem);
        }

        validation.Check(!PerService(support) || selector.ContainsKey("app"), "workloadSelector",
            $"{support?.DisplayName} applies filters per service: give the service as the 'app' label in 'workloadSelector'.");
        CheckSettings(validation, support, SettingFields.Attach, request.PluginConfig, request.VmConfiguration, request.RootId);
        var config = ConfigText(request.PluginConfig, filter);

        if (!validation.IsValid)
        {
            return new DeployStart.Invalid(validation);
        }

        if (!support!.Supported)
        {
            return new DeployStart.Unsupported($"Filters cannot be attached to {support.DisplayName}: {support.Reason}");
        }

        if (FilterServerManifests.CheckSize(filter.Name, filter.Size) is { } tooLarge)
        {
            return new DeployStart.Unsupported(tooLarge);
        }

        var target = new AttachmentTarget(ObjectName(filter.Name, selector), request.Namespace!, selector, filter.Name, filter.Sha256, config!,
            request.RootId ?? "", request.VmConfiguration ?? "");
        var manifest = MeshObject(support, target);
        var attachment = NewAttachment(filter, support, target, manifest);

        if (await PreflightAsync(support, target.Namespace, manifest, cancellationToken) is { } missing)
        {
            return new DeployStart.Unsupported(missing);
        }

        var start = await operations.StartAsync(FilterOperations.AttachKind, FilterOperations.Target(filter.Id),
            $"Attach {filter.Name} to {target.Namespace}/{string.Join(",", selector.Select(l => $"{l.Key}={l.Value}"))} ({support.DisplayName})",
            context => RunAttachAsync(context, filter, attachment, support, target), stepsTotal: 4);
        if (start is OperationStart.Started started)
        {
            await attachments.PutAsync(attachment with { OperationId = started.Id }, cancellationToken);
        }

        return new DeployStart.Operation(start);
    }

    public async Task<DeployStart> DetachAsync(string attachmentId, CancellationToken cancellationToken)
    {
        if (await attachments.GetAsync(attachmentId, cancellationToken) is not { } attachment)
        {
            return new DeployStart.NotFound($"There is no attachment '{attachmentId}'; list them with GET /api/filters/attachments.");
        }

        var start = await operations.StartAsync(FilterOperations.DetachKind, FilterOperations.Target(attachment.FilterId),
            $"Detach {attachment.FilterName} from {attachment.Namespace} ({attachment.Mesh})",
            context => RunDetachAsync(context, attachment), stepsTotal: 2);
        if (start is OperationStart.Started started)
        {
            await attachments.PutAsync(attachment with { Status = "detaching", OperationId = started.Id }, cancellationToken);
        }

        return new DeployStart.Operation(start);
    }

    private async Task RunAttachAsync(OperationContext context, FilterModule filter, Attachment attachment, MeshFilterSupport support, AttachmentTarget target)
    {
        var token = context.CancellationToken;
        try
        {
            await context.StepAsync("Connecting to the cluster");
            var client = await ConnectAsync();
            var bytes = await filters.ReadModuleAsync(filter, token)
                ?? throw new OperationFailedException($"The file of filter '{filter.Name}' is missing from the data folder; upload it again.");

            await context.StepAsync($"Publishing {filter.Name} (sha256 {filter.Sha256[..12]}…) on the in-cluster filter server");
            await server.PublishAsync(client, filter.Name, filter.Sha256, bytes, token);

            await context.StepAsync("Waiting for the filter server to be ready");
            await WaitForFilterServerAsync(client, context);

            await context.StepAsync($"Creating {attachment.ObjectKind} {attachment.ObjectNamespace}/{attachment.ObjectName}");
            try
            {
                await ApplyMeshObjectAsync(client, context, support, target, token);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The resource type is missing: the mesh that defines it is not installed. Its message would otherwise
                // reach the user as the raw Status body of the Kubernetes API.
                throw new OperationFailedException(
                    $"The cluster has no {attachment.ObjectKind} resource type, so {attachment.Mesh} is not installed (or not fully): install it on the Meshes page, then attach the filter again.");
            }
            await context.LogAsync($"{attachment.Mesh} fetches {FilterServerManifests.ModuleUrl(filter.Sha256)} and checks it against sha256 {filter.Sha256}.");
            await attachments.PutAsync(attachment with { Status = "attached", OperationId = context.OperationId }, CancellationToken.None);
        }
        catch (HttpOperationException e)
        {
            await attachments.PutAsync(attachment with { Status = "failed", OperationId = context.OperationId }, CancellationToken.None);
            throw new OperationFailedException(KubernetesErrors.Sentence(e, $"attaching {filter.Name} to {attachment.Mesh}"));
        }
        catch
        {
            await attachments.PutAsync(attachment with { Status = "failed", OperationId = context.OperationId }, CancellationToken.None);
            throw;
        }
    }

    private async Task RunDetachAsync(OperationContext context, Attachment attachment)
    {
        await context.StepAsync("Connecting to the cluster");
        var client = await ConnectAsync();
        await context.StepAsync($"Deleting {attachment.ObjectKind} {attachment.ObjectNamespace}/{attachment.ObjectName}");
        await RemoveAsync(client, attachment, message => context.LogAsync(message), context.CancellationToken);
    }

    /// <summary>Deletes the mesh object, the waypoint and the served module when nothing else needs them, then the record.</summary>
    private async Task RemoveAsync(IKubernetes client, Attachment attachment, Func<string, Task> log, CancellationToken token)
    {
        var target = new AttachmentTarget(attachment.ObjectName, attachment.Namespace, attachment.WorkloadSelector, attachment.FilterName,
            attachment.Sha256, attachment.PluginConfig, attachment.RootId, attachment.VmConfiguration);
        var support = MeshFilterSupport.Find(meshes.Meshes, attachment.Mesh)!;
        if (support.ObjectKind == "ServiceDefaults")
        {
            await ConsulServiceDefaultsEdit.DetachAsync(client, target, token);
        }
        else
        {
            await KubeApply.DeleteAsync(client, MeshObject(support, target), token);
        }
        if (IsAmbient(support.Mesh)
            && !(await attachments.ListAsync(token)).Any(a => a.Id != attachment.Id && a.Mesh == attachment.Mesh && a.Namespace == attachment.Namespace && a.Status != "failed")
            && await IstioWaypoints.ReleaseAsync(client, attachment.Namespace, token))
        {
            await log($"No other filter uses the waypoint Meshdock deployed in {attachment.Namespace}; it is removed, with the namespace's istio.io/use-waypoint label.");
        }

        var retired = await server.RetireAsync(client, attachment.FilterName, attachment.Sha256,
            async ct => (await attachments.ListAsync(ct)).Any(a => a.Id != attachment.Id && a.Status != "failed" && a.Sha256 == attachment.Sha256),
            token);
        if (retired)
        {
            await log($"No other attachment uses {attachment.FilterName}; it is no longer on the filter server.");
        }

        await attachments.DeleteAsync(attachment.Id, CancellationToken.None);
    }

    private async Task<IKubernetes> ConnectAsync()
    {
        try
        {
            return await cluster.GetClientAsync(CancellationToken.None);
        }
        catch (ClusterUnavailableException e)
        {
            throw new OperationFailedException(e.Message);
        }
    }

    private static async Task WaitForFilterServerAsync(IKubernetes client, OperationContext context)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        deadline.CancelAfter(ServerReadyTimeout);
        try
        {
            while (true)
            {
                var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace, cancellationToken: deadline.Token);
                if (deployment.Status?.ReadyReplicas >= 1 && deployment.Status.UpdatedReplicas >= 1)
                {
                    await context.LogAsync("The filter server is ready.");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new OperationFailedException(
                $"The filter server (Deployment {FilterServerManifests.Namespace}/{FilterServerManifests.Name}) did not become ready within "
                + $"{ServerReadyTimeout.TotalMinutes:0} minutes; check that the cluster can pull nginx:1.27-alpine (kubectl -n meshdock describe pods).");
        }
    }

    /// <summary>The field names a request gives the settings under, for the sentences that name them.</summary>
    private sealed record SettingFields(string Config, string VmConfiguration, string RootId)
    {
        public static readonly SettingFields Attach = new("pluginConfig", "vmConfiguration", "rootId");
    }

    /// <summary>What the mesh's object can carry: a configuration that is an object or a string (an object for Istio), a
    /// VM configuration where the mesh has a field for one, a root id Envoy takes.</summary>
    private static void CheckSettings(Validation validation, MeshFilterSupport? support, SettingFields fields, JsonElement? config, string? vmConfiguration, string? rootId)
    {
        validation.Check(config is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.String }, fields.Config,
            $"'{fields.Config}' must be a JSON object or a string.");
        var istio = support?.ObjectKind == "WasmPlugin";
        validation.Check(!istio || config is not { ValueKind: JsonValueKind.String }, fields.Config,
            $"Istio's WasmPlugin carries the plugin configuration as a JSON object (pluginConfig is a protobuf Struct), not as a string: give '{fields.Config}' as an object, or attach through Consul or Kuma.");
        validation.Check(!istio || string.IsNullOrEmpty(vmConfiguration), fields.VmConfiguration,
            $"Istio's WasmPlugin has no field for a VM configuration (its vmConfig holds only environment variables): leave '{fields.VmConfiguration}' out and read the plugin configuration in proxy_on_configure, or attach through Consul or Kuma.");
        if (FilterModule.CheckRootId(rootId, fields.RootId) is { } badRootId)
        {
            validation.Add(fields.RootId, badRootId);
        }
    }

    /// <summary>The text <c>proxy_on_configure</c> reads: the given object's JSON or the given string, else the filter's default; null for any other JSON.</summary>
    private static string? ConfigText(JsonElement? config, FilterModule filter) => config switch
    {
        null or { ValueKind: JsonValueKind.Null } => filter.DefaultPluginConfig?.GetRawText() ?? "{}",
        { ValueKind: JsonValueKind.Object } json => json.GetRawText(),
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => null,
    };

    private Attachment NewAttachment(FilterModule filter, MeshFilterSupport support, AttachmentTarget target, JsonObject manifest) =>
        new(Guid.CreateVersion7().ToString("N"), filter.Id, filter.Name, filter.Sha256, support.Mesh, target.Namespace, target.Selector,
            target.PluginConfig, target.EffectiveRootId, target.VmConfiguration, support.ObjectKind!, (string)manifest["metadata"]!["name"]!,
            (string)manifest["metadata"]!["namespace"]!, "attaching", null, time.GetUtcNow());

    /// <summary><c>&lt;filter&gt;-&lt;app&gt;</c>, cut to a valid object name.</summary>
    private static string ObjectName(string filterName, IReadOnlyDictionary<string, string> selector)
    {
        var name = $"{filterName}-{selector.GetValueOrDefault("app") ?? selector.Values.First()}".ToLowerInvariant();
        return name[..Math.Min(name.Length, 63)].TrimEnd('-');
    }

    /// <summary>Puts the mesh's object in place, with what each mesh needs first: a waypoint for Istio ambient, the
    /// user's own ServiceDefaults kept for Consul, the target form of the installed release for Kuma.</summary>
    private async Task ApplyMeshObjectAsync(IKubernetes client, OperationContext context, MeshFilterSupport support, AttachmentTarget target, CancellationToken token)
    {
        switch (support.ObjectKind)
        {
            case "ServiceDefaults":
                await ConsulServiceDefaultsEdit.AttachAsync(client, target, token);
                await context.LogAsync($"Consul fetches the module through its upstream '{FilterServerManifests.Name}', the filter server in Consul's mesh.");
                break;
            case "MeshProxyPatch":
                var version = await meshes.VersionOnClusterAsync(client, support.Mesh, token);
                var service = await KumaServiceAsync(client, target, token);
                if (!KumaSeesHttp(service))
                {
                    await context.LogAsync($"Warning: Kuma treats Service {target.Namespace}/{target.ServiceName} as TCP (no port has appProtocol: http and there is no "
                        + "<port>.service.kuma.io/protocol: http annotation), and HTTP filters run only on HTTP inbounds: set appProtocol: http on its port.");
                }
                var targetRef = MeshAttachmentManifests.KumaTargetRef(target, version, service.Spec.Ports[0].Port);
                await KubeApply.ApplyAsync(client, MeshAttachmentManifests.KumaMeshProxyPatch(target, targetRef), token);
                await context.LogAsync($"Kuma {version ?? "(version unknown)"}: the patch targets {targetRef.ToJsonString()}.");
                break;
            default:
                if (IsAmbient(support.Mesh))
                {
                    await context.LogAsync(await IstioWaypoints.EnsureAsync(client, target.Namespace, token));
                }
                await KubeApply.ApplyAsync(client, MeshObject(support, target), token);
                break;
        }
    }

    /// <summary>The Service named by the selector's <c>app</c> label: Kuma makes the workload's inbounds from its ports
    /// (older releases also name them by it).</summary>
    private static async Task<k8s.Models.V1Service> KumaServiceAsync(IKubernetes client, AttachmentTarget target, CancellationToken token)
    {
        try
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(target.ServiceName, target.Namespace, cancellationToken: token);
            return service.Spec?.Ports is { Count: > 0 } ? service
                : throw new OperationFailedException($"Service {target.Namespace}/{target.ServiceName} has no port, so Kuma has no inbound to patch.");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new OperationFailedException(
                $"Kuma names a service's inbound by its Kubernetes Service and port, and there is no Service '{target.ServiceName}' in {target.Namespace}: "
                + "the 'app' label in 'workloadSelector' must name the Service in front of the workload.");
        }
    }

    /// <summary>Kuma gives an inbound an HTTP connection manager only when the port's protocol is http, http2 or grpc,
    /// from <c>appProtocol</c> or the <c>&lt;port&gt;.service.kuma.io/protocol</c> annotation; otherwise it is TCP.</summary>
    private static bool KumaSeesHttp(k8s.Models.V1Service service) => service.Spec.Ports.Any(port =>
        (port.AppProtocol ?? (service.Metadata.Annotations is { } annotations
            && annotations.TryGetValue($"{port.Port}.service.kuma.io/protocol", out var annotated) ? annotated : null))?.ToLowerInvariant() is "http" or "http2" or "grpc");

    private bool IsAmbient(string mesh) => meshes.Meshes.FirstOrDefault(m => m.Id == mesh)?.Ambient == true;

    /// <summary>Consul and Kuma apply filters to a service, and so does Istio ambient (through the service's waypoint).</summary>
    private bool PerService(MeshFilterSupport? support) =>
        support?.ObjectKind is "ServiceDefaults" or "MeshProxyPatch" || support is not null && IsAmbient(support.Mesh);

    private JsonObject MeshObject(MeshFilterSupport support, AttachmentTarget target) => support.ObjectKind switch
    {
        "WasmPlugin" when IsAmbient(support.Mesh) => MeshAttachmentManifests.IstioAmbientWasmPlugin(target),
        "WasmPlugin" => MeshAttachmentManifests.IstioWasmPlugin(target),
        "ServiceDefaults" => MeshAttachmentManifests.ConsulServiceDefaults(target, target.ServiceName!),
        "MeshProxyPatch" => MeshAttachmentManifests.KumaMeshProxyPatch(target, MeshAttachmentManifests.KumaTargetRef(target, null, null)),
        _ => throw new InvalidOperationException($"{support.Mesh} cannot run proxy-wasm filters."),
    };

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}

/// <summary>What an attach or detach request led to.</summary>
public abstract record DeployStart
{
    private DeployStart()
    {
    }

    public sealed record Operation(OperationStart Start) : DeployStart;

    public sealed record Invalid(Validation Validation) : DeployStart;

    public sealed record NotFound(string Sentence) : DeployStart;

    /// <summary>The mesh cannot run proxy-wasm, or the module cannot be served: a 409 with the reason.</summary>
    public sealed record Unsupported(string Sentence) : DeployStart;
}
