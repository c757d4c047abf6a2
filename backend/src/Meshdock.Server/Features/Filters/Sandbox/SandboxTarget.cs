
using Meshdock.Server.Features.Filters;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>What a sandbox runs: an optional filter with its configuration, in front of an upstream.</summary>
/// <param name="Upstream">As requested: <c>imagehub</c> or the URL.</param>
/// <param name="UpstreamUrl">The origin (and optional base path) requests are forwarded to.</param>
internal sealed record SandboxTarget(LoadedFilter? Filter, string Upstream, string UpstreamUrl);

/// <param name="PluginConfig">The text handed to <c>proxy_on_configure</c>.</param>
/// <param name="VmConfiguration">The text handed to <c>proxy_on_vm_start</c>.</param>
internal sealed record LoadedFilter(FilterModule Module, byte[] Bytes, string PluginConfig, string VmConfiguration, string RootId);
