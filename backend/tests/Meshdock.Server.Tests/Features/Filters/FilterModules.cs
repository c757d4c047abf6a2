using System.Net.Http.Headers;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>Modules for the registry and sandbox tests: the built rate-limit filter and small ones in WebAssembly text.</summary>
internal static class FilterModules
{
    private static readonly Lazy<byte[]> RateLimitBytes = new(() =>
    {
        var path = Path.Combine(RepoPaths.Backend, "..", "filters", "rate-limit", "rate-limit.wasm");
        Assert.True(File.Exists(path), $"{path} is missing: run `make filters` at the repository root before these tests.");
        return File.ReadAllBytes(path);
    });

    /// <summary>The rate-limit filter built by <c>make filters</c>.</summary>
    public static byte[] RateLimit => RateLimitBytes.Value;

    /// <summary>A proxy-wasm module that lets every request through (no callbacks beyond the required exports).</summary>
    public static byte[] PassThrough() => Build("");

    /// <summary>Traps in <c>proxy_on_request_headers</c> when the request has an <c>x-misbehave</c> header.</summary>
    public static byte[] TrapsOnMisbehave() => Build("""
        (data (i32.const 1000) "x-misbehave")
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (if (i32.eqz (call $get_value (i32.const 0) (i32.const 1000) (i32.const 11) (i32.const 100) (i32.const 104)))
            (then unreachable))
          (i32.const 0))
        """, """(import "env" "proxy_get_header_map_value" (func $get_value (param i32 i32 i32 i32 i32) (result i32)))""");

    /// <summary>Spins in <c>proxy_on_request_headers</c> until the host stops it at its deadline.</summary>
    public static byte[] LoopsOnRequestHeaders() => Build("""
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (loop $forever (br $forever))
          (i32.const 0))
        """);

    /// <summary>Pauses every request (StopIteration) and never resumes it, as after an unanswered proxy_http_call.</summary>
    public static byte[] PausesForever() => Build("""
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (i32.const 1))
        """);

    public static byte[] WithoutAbiMarker() => Build("", marker: null);

    public static byte[] WithUnknownImport() => Build("", """(import "env" "proxy_get_secret" (func (param i32) (result i32)))""");

    public static ByteArrayContent Content(byte[] bytes, string contentType = "application/wasm")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static byte[] Build(string body, string imports = "", string? marker = "proxy_abi_version_0_2_1") =>
        Wasmtime.Module.ConvertText($$"""
            (module
              {{imports}}
              (memory (export "memory") 2)
              (global $heap (mut i32) (i32.const 65536))
              (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
                (local $pointer i32)
                (local.set $pointer (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (local.get $size)))
                (local.get $pointer))
              (func (export "_initialize"))
              {{(marker is null ? "" : $"(func (export \"{marker}\"))")}}
              {{body}}
            )
            """);
}
