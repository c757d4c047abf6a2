using System.Text.Json;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <param name="FilterId">A registry filter to run, or null to proxy without one (the baseline).</param>
/// <param name="PluginConfig">The filter's plugin configuration: a JSON object (sent to the filter as its JSON text)
/// or a string (sent as is). Null uses the filter's default (the built-in rate-limit filter: Image Hub's rules).</param>
/// <param name="Upstream"><c>imagehub</c> for the embedded Image Hub, or an http(s) URL.</param>
/// <param name="VmConfiguration">The text <c>proxy_on_vm_start</c> reads; empty when left out.</param>
/// <param name="RootId">The root id SDKs pick their root context by; left out, the one a mesh would give the filter.</param>
public sealed record SandboxRequest(string? FilterId, JsonElement? PluginConfig, string? Upstream, string? VmConfiguration = null, string? RootId = null);

/// <summary>A running sandbox.</summary>
/// <param name="Url">The origin to send requests to, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</param>
/// <param name="OperationId">The operation whose events carry the filter's log; cancelling it stops the sandbox.</param>
/// <param name="UpstreamUrl">Where requests go after the filter.</param>
public sealed record SandboxInfo(
    string Id,
    string Url,
    string OperationId,
    string? FilterId,
    string? FilterName,
    string? PluginConfig,
    string? VmConfiguration,
    string? RootId,
    string Upstream,
    string UpstreamUrl,
    DateTimeOffset StartedAt,
    SandboxCounters Counters);

/// <param name="Requests">Requests received.</param>
/// <param name="LocalResponses">Answered by the filter without reaching the upstream (e.g. 429).</param>
/// <param name="FilterFailures">Failed because the filter trapped, ran past its deadline or closed the stream (500).</param>
/// <param name="UpstreamErrors">The upstream could not be reached or broke off (502/504).</param>
public sealed record SandboxCounters(long Requests, long LocalResponses, long FilterFailures, long UpstreamErrors);
