using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary><see cref="IFilterAttacher"/>: attaches for other features with the Filters page's checks and steps.</summary>
public sealed partial class FilterDeployer : IFilterAttacher
{
    public async Task CheckAsync(Validation validation, string field, string meshId, FilterChoice filter, CancellationToken cancellationToken)
    {
        var support = MeshFilterSupport.Find(meshes.Meshes, meshId);
        if (support is not { Supported: true })
        {
            var able = string.Join(", ", MeshFilterSupport.From(meshes.Meshes).Where(m => m.Supported).Select(m => m.DisplayName));
            validation.Add(field, $"{support?.DisplayName ?? meshId} cannot run proxy-wasm filters{(support?.Reason is { } reason ? $" ({reason.TrimEnd('.')})" : "")}; "
                + $"leave '{field}' out, or measure a mesh that runs them ({able}).");
            return;
        }

        if (string.IsNullOrWhiteSpace(filter.Name))
        {
            validation.Add($"{field}.name", $"'{field}.name' is required: the name of a filter in the registry (GET /api/filters), such as '{BuiltInFilter.RateLimit}'.");
        }
        else if (await filters.GetByNameAsync(filter.Name, cancellationToken) is not { } module)
        {
            validation.Add($"{field}.name", filter.Name == BuiltInFilter.RateLimit && builtIn.Problem is { } problem
                ? problem
                : $"There is no filter named '{filter.Name}' in the registry; upload it first, or pick one from GET /api/filters.");
        }
        else if (FilterServerManifests.CheckSize(module.Name, module.Size) is { } tooLarge)
        {
            validation.Add($"{field}.name", tooLarge);
        }

        CheckSettings(validation, support, new SettingFields($"{field}.configuration", $"{field}.vmConfiguration", $"{field}.rootId"),
            filter.Configuration, filter.VmConfiguration, filter.RootId);
    }

    public async Task<string> AttachAsync(OperationContext context, string meshId, FilterChoice filter, string ns, IReadOnlyDictionary<string, string> selector)
    {
        var token = context.CancellationToken;
        var module = await filters.GetByNameAsync(filter.Name!, token)
            ?? throw new OperationFailedException($"Filter '{filter.Name}' is no longer in the registry; upload it again, then start again.");
        var support = MeshFilterSupport.Find(meshes.Meshes, meshId) is { Supported: true } found
            ? found
            : throw new OperationFailedException($"{meshId} cannot run proxy-wasm filters.");
        if (PerService(support) && !selector.ContainsKey("app"))
        {
            throw new OperationFailedException($"{support.DisplayName} applies filters per service, and the workload's pods have no 'app' label naming one.");
        }

        var target = new AttachmentTarget(ObjectName(module.Name, selector), ns, selector, module.Name, module.Sha256, ConfigText(filter.Configuration, module)!,
            filter.RootId ?? "", filter.VmConfiguration ?? "");
        var manifest = MeshObject(support, target);
        if (await PreflightAsync(support, ns, manifest, token) is { } missing)
        {
            throw new OperationFailedException(missing);
        }

        var attachment = NewAttachment(module, support, target, manifest) with { OperationId = context.OperationId };
        await attachments.PutAsync(attachment, CancellationToken.None);
        await RunAttachAsync(context, module, attachment, support, target);
        return attachment.Id;
    }

    // Explicit: the page's DetachAsync starts an operation; this one removes the attachment within the caller's request.
    async Task IFilterAttacher.DetachAsync(string attachmentId, CancellationToken cancellationToken)
    {
        if (await attachments.GetAsync(attachmentId, cancellationToken) is { } attachment)
        {
            await RemoveAsync(await cluster.GetClientAsync(cancellationToken), attachment, _ => Task.CompletedTask, cancellationToken);
        }
    }
}
