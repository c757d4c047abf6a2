using System.Collections.Concurrent;
using System.Text.Json;
using Meshdock.ProxyWasm;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>Starts, lists and stops sandboxes. Each runs as an operation (kind <c>sandbox</c>, target
/// <c>sandbox:&lt;id&gt;</c>) from start to stop.</summary>
public sealed class SandboxManager(
    FilterStore filters,
    BuiltInFilterStatus builtIn,
    ImageHubUpstream imageHub,
    IHttpForwarder forwarder,
    OperationService operations,
    IOptions<SandboxOptions> options,
    TimeProvider time)
{
    public const string ImageHub = "imagehub";

    private readonly ConcurrentDictionary<string, RunningSandbox> _running = new(StringComparer.Ordinal);

    public IReadOnlyList<SandboxInfo> List() => [.. _running.Values.OrderBy(s => s.StartedAt).Select(s => s.Describe())];

    public SandboxInfo? Get(string id) => _running.TryGetValue(id, out var sandbox) ? sandbox.Describe() : null;

    /// <summary>Starts a sandbox, or says (per field) why the request cannot run.</summary>
    public async Task<SandboxStart> StartAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var target = await ResolveAsync(request, validation, cancellationToken);
        if (target is null)
        {
            return new SandboxStart.Invalid(validation);
        }

        if (_running.Count >= options.Value.MaxSandboxes)
        {
            return new SandboxStart.Full(options.Value.MaxSandboxes);
        }

        var id = Guid.NewGuid().ToString("N")[..12];
        RunningSandbox sandbox;
        try
        {
            sandbox = await RunningSandbox.StartAsync(id, target, forwarder, options.Value, time.GetUtcNow(), cancellationToken);
        }
        catch (FilterLoadException e)
        {
            return new SandboxStart.Invalid(validation.Add("filterId", $"The filter did not start: {e.Message}"));
        }

        _running[id] = sandbox;
        var title = $"Sandbox {sandbox.Url}: {target.Filter?.Module.Name ?? "no filter"} → {target.Upstream}";
        var start = await operations.StartAsync(FilterOperations.SandboxKind, FilterOperations.SandboxTarget(id), title, async context =>
        {
            try
            {
                await sandbox.RunAsync(context);
            }
            finally
            {
                _running.TryRemove(id, out _);
            }
        });
        sandbox.OperationId = ((OperationStart.Started)start).Id; // the target is new, so it cannot be busy
        return new SandboxStart.Started(sandbox.Describe());
    }

    /// <summary>Stops the sandbox and waits until its port is closed. False when there is no such sandbox.</summary>
    public async Task<bool> StopAsync(string id, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(id, out var sandbox))
        {
            return false;
        }

        sandbox.RequestStop();
        await sandbox.Stopped.WaitAsync(cancellationToken);
        return true;
    }

    private async Task<SandboxTarget?> ResolveAsync(SandboxRequest request, Validation validation, CancellationToken cancellationToken)
    {
        string? upstreamUrl = null;
        if (string.IsNullOrWhiteSpace(request.Upstream))
        {
            validation.Add("upstream", "'upstream' is required: \"imagehub\" for the embedded Image Hub, or an http(s) URL.");
        }
        else if (request.Upstream == ImageHub)
        {
            upstreamUrl = await imageHub.GetUrlAsync(cancellationToken);
        }
        else if (Uri.TryCreate(request.Upstream, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                 && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
        {
            upstreamUrl = request.Upstream.TrimEnd('/');
        }
        else
        {
            validation.Add("upstream", $"'{request.Upstream}' is not an upstream: use \"imagehub\" or an absolute http(s) URL without query, such as http://127.0.0.1:8080.");
        }

        LoadedFilter? filter = null;
        if (request.FilterId is null)
        {
            validation.Check(request.PluginConfig is null or { ValueKind: JsonValueKind.Null }, "pluginConfig",
                "'pluginConfig' configures a filter: give a 'filterId' too, or leave the configuration out.");
            validation.Check(request.VmConfiguration is null && request.RootId is null, request.RootId is null ? "vmConfiguration" : "rootId",
                "'vmConfiguration' and 'rootId' configure a filter: give a 'filterId' too, or leave them out.");
        }
        else if (await filters.GetAsync(request.FilterId, cancellationToken) is not { } module)
        {
            validation.Add("filterId", BuiltInFilter.NotFound(request.FilterId, builtIn));
        }
        else if (await filters.ReadModuleAsync(module, cancellationToken) is not { } bytes)
        {
            validation.Add("filterId", $"The file of filter '{module.Name}' is missing from the data folder; upload the module again.");
        }
        else if (PluginConfigText(request.PluginConfig, module) is not { } config)
        {
            validation.Add("pluginConfig", "'pluginConfig' must be a JSON object or a string.");
        }
        else if (FilterModule.CheckRootId(request.RootId) is { } badRootId)
        {
            validation.Add("rootId", badRootId);
        }
        else
        {
            filter = new LoadedFilter(module, bytes, config, request.VmConfiguration ?? "", request.RootId ?? module.DefaultRootId);
        }

        return validation.IsValid ? new SandboxTarget(filter, request.Upstream!, upstreamUrl!) : null;
    }

    private static string? PluginConfigText(JsonElement? config, FilterModule module) => config?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => module.DefaultPluginConfig?.GetRawText() ?? "",
        JsonValueKind.Object => config.Value.GetRawText(),
        JsonValueKind.String => config.Value.GetString(),
        _ => null,
    };
}

/// <summary>What <see cref="SandboxManager.StartAsync"/> did.</summary>
public abstract record SandboxStart
{
    private SandboxStart()
    {
    }

    public sealed record Started(SandboxInfo Sandbox) : SandboxStart;

    public sealed record Invalid(Validation Validation) : SandboxStart;

    public sealed record Full(int Limit) : SandboxStart;
}
