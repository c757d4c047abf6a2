using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm;

/// <summary>A line a filter logged (<c>proxy_log</c>, stdout/stderr through WASI) or the host logged about it (a
/// trap, a deadline). The server routes these into the operation's events.</summary>
/// <param name="ContextId">The proxy-wasm context that was active (root or stream), 0 when none.</param>
public sealed record FilterLogEntry(DateTimeOffset Time, ProxyLogLevel Level, string PluginName, int ContextId, string Message);
