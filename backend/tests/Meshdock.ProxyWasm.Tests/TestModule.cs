using Wasmtime;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>
/// Builds small proxy-wasm modules from WebAssembly text: a prelude with memory, a bump allocator, the ABI marker and
/// <c>_initialize</c>, plus the imports, data and functions a test adds. <c>$report</c> answers a request with a local
/// response whose status is 200 + the value it is given, which is how a module reports a host call's status
/// (OK → 200, INVALID_MEMORY_ACCESS → 206, UNIMPLEMENTED → 212...).
/// </summary>
internal static class TestModule
{
    public const string SendLocalResponse =
        """(import "env" "proxy_send_local_response" (func $send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))""";

    public static byte[] Build(string body, string imports = "", string marker = "proxy_abi_version_0_2_1") =>
        Module.ConvertText($$"""
            (module
              {{SendLocalResponse}}
              {{imports}}
              (memory (export "memory") 2)
              (global $heap (mut i32) (i32.const 65536))
              (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
                (local $pointer i32)
                (local.set $pointer (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (local.get $size)))
                (local.get $pointer))
              (func (export "_initialize"))
              (func (export "{{marker}}"))
              (func $report (param $status i32) (result i32)
                (drop (call $send_local_response (i32.add (i32.const 200) (local.get $status))
                  (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)))
                (i32.const 1))
              {{body}}
            )
            """);

    /// <summary>A module whose <c>proxy_on_request_headers</c> reports the i32 the given expression leaves.</summary>
    public static byte[] ReportingFromRequestHeaders(string expression, string imports = "", string extra = "") =>
        Build($$"""
            (func (export "proxy_on_request_headers") (param $context i32) (param $headers i32) (param $end i32) (result i32)
              (call $report {{expression}}))
            {{extra}}
            """, imports);

    /// <summary>The status a reporting module sent (response status minus 200).</summary>
    public static int ReportedStatus(FilterResult result)
    {
        Assert.True(result.Action == FilterAction.LocalResponse, $"expected a report, got {result.Action} {result.Failure}");
        return result.Response!.StatusCode - 200;
    }
}
