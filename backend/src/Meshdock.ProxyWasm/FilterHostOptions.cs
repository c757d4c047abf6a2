using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm;

/// <summary>How a filter is hosted. Every property has a default that suits the sandbox.</summary>
public sealed record FilterHostOptions
{
    /// <summary>The <c>plugin_name</c> property (Envoy's plugin name).</summary>
    public string PluginName { get; init; } = "filter";

    /// <summary>The root id (<c>plugin_root_id</c>), which SDKs use to pick the root context implementation.</summary>
    public string RootId { get; init; } = "";

    /// <summary>The VM id (<c>plugin_vm_id</c>).</summary>
    public string VmId { get; init; } = "";

    /// <summary>The VM configuration handed to <c>proxy_on_vm_start</c>.</summary>
    public string VmConfiguration { get; init; } = "";

    /// <summary>How many instances (Envoy: one VM per worker thread) serve streams at once.</summary>
    public int PoolSize { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>The longest one callback may run before the host stops it and fails that request.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest start-up (<c>_initialize</c>, <c>proxy_on_vm_start</c>, <c>proxy_on_configure</c>) may run.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most linear memory one instance may grow to.</summary>
    public long MaxMemoryBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>The clock behind <c>proxy_get_current_time_nanoseconds</c>, WASI <c>clock_time_get</c>, ticks and
    /// <c>request.time</c>; tests pass a fake one to cross a minute.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where filter logs (and the host's reports about the filter) go. Called from any thread.</summary>
    public Action<FilterLogEntry>? Log { get; init; }

    /// <summary>The level reported by <c>proxy_get_log_level</c>; lines below it are dropped.</summary>
    public ProxyLogLevel LogLevel { get; init; } = ProxyLogLevel.Info;

    /// <summary>Shared data; pass one store to several hosts to let them share it (Envoy shares it per VM id).</summary>
    public SharedDataStore? SharedData { get; init; }

    /// <summary>Extra properties (dotted paths such as <c>node.id</c>) answered as strings; they win over built-ins.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
