using System.Text;
using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Validation;
using Wasmtime;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>
/// The host calls answered where Envoy's answer is not the obvious one, each checked against proxy-wasm-cpp-host
/// (src/exports.cc, src/wasm.cc, src/context.cc at 52a0291) and Envoy's source/extensions/common/wasm/context.cc
/// (b40935a). Most run an ABI 0.1.0 module, the ABI the 0.1.x SDKs build, with header callbacks without
/// <c>end_of_stream</c>; a status observed in a root callback is kept in <c>$seen</c> and reported by the next request.
/// </summary>
public sealed class EnvoyAnswerTests
{
    private const string V010 = "proxy_abi_version_0_1_0";
    private const string Seen = "(global $seen (mut i32) (i32.const -1))";
    private const string ReportSeen = """
        (func (export "proxy_on_request_headers") (param i32 i32) (result i32) (call $report (global.get $seen)))
        """;

    private const string ContinueRequest = """(import "env" "proxy_continue_request" (func $continue_request (result i32)))""";
    private const string ContinueResponse = """(import "env" "proxy_continue_response" (func $continue_response (result i32)))""";
    private const string ClearRouteCache = """(import "env" "proxy_clear_route_cache" (func $clear_route_cache (result i32)))""";
    private const string GetConfiguration = """(import "env" "proxy_get_configuration" (func $get_configuration (param i32 i32) (result i32)))""";

    private static int Report010(string expression, string imports, string data = "", HeaderMap? headers = null, FilterHostOptions? options = null, string? config = null)
    {
        var module = TestModule.Build($$"""
            (func (export "proxy_on_request_headers") (param $context i32) (param $headers i32) (result i32)
              (call $report {{expression}}))
            {{data}}
            """, imports, V010);
        return Report(module, headers, options, config);
    }

    private static int Report(byte[] module, HeaderMap? headers = null, FilterHostOptions? options = null, string? config = null)
    {
        using var host = FilterHost.Load(module, config, (options ?? new FilterHostOptions()) with { PoolSize = 1 });
        using var stream = host.CreateStream();
        return TestModule.ReportedStatus(stream.OnRequestHeaders(headers ?? HeaderMap.ForRequest("GET", "/", "h"), true));
    }

    /// <summary>A status times 100, plus the pointer and length the call returned (each 0 when the host wrote an empty value
    /// over the 99s placed there first).</summary>
    private static string StatusPointerLength(string call) => $$"""
        (block (result i32)
          (i32.store (i32.const 100) (i32.const 99)) (i32.store (i32.const 104) (i32.const 99))
          (i32.add (i32.mul {{call}} (i32.const 100)) (i32.add (i32.load (i32.const 100)) (i32.load (i32.const 104)))))
        """;

    [Fact]
    public void Abi010AnAbsentHeaderIsAnEmptyValueWithOk()
    {
        var status = Report010(StatusPointerLength("(call $get_value (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104))"),
            Imports.GetValue, """(data (i32.const 1000) "x-no")""");

        Assert.Equal(0, status); // OK, null pointer, length 0: the 0.1.x SDKs read it as "no value" instead of trapping
    }

    [Fact]
    public void Abi010APresentHeaderIsStillRead()
    {
        var headers = HeaderMap.ForRequest("GET", "/", "h", headers: [new("x-in", "abc")]);

        var length = Report010("(block (result i32) (drop (call $get_value (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104))) (i32.load (i32.const 104)))",
            Imports.GetValue, """(data (i32.const 1000) "x-in")""", headers);

        Assert.Equal(3, length);
    }

    [Theory]
    [InlineData(V010, 0)] // OK with an empty value
    [InlineData("proxy_abi_version_0_2_1", (int)ProxyStatus.NotFound * 100 + 198)] // NOT_FOUND, slots untouched
    public void InProxyOnLogAMissingMapReadsAsAMissingHeader(string marker, int expected)
    {
        var callback = marker == V010 ? "(param i32 i32)" : "(param i32 i32 i32)";
        var module = TestModule.Build($$"""
            {{Seen}}
            (data (i32.const 1000) "x-no")
            (func (export "proxy_on_log") (param i32)
              (global.set $seen {{StatusPointerLength("(call $get_value (i32.const 3) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104))")}}))
            (func (export "proxy_on_request_headers") {{callback}} (result i32) (call $report (global.get $seen)))
            """, Imports.GetValue, marker);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { PoolSize = 1 });

        host.CreateStream().Dispose(); // proxy_on_log asks for response trailers the stream never had
        using var stream = host.CreateStream();
        var result = stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true);

        Assert.Equal(expected, TestModule.ReportedStatus(result));
    }

    [Fact]
    public void AMapTheStreamDoesNotHaveIsABadArgumentExceptForReadingAllPairs()
    {
        var value = Report010("(call $get_value (i32.const 2) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104))", Imports.GetValue,
            """(data (i32.const 1000) "x-no")""");
        var add = Report010("(call $add_value (i32.const 2) (i32.const 1000) (i32.const 1) (i32.const 1000) (i32.const 1))", Imports.AddValue);
        var replace = Report010("(call $replace_value (i32.const 3) (i32.const 1000) (i32.const 1) (i32.const 1000) (i32.const 1))", Imports.ReplaceValue);
        var remove = Report010("(call $remove_value (i32.const 2) (i32.const 1000) (i32.const 1))", Imports.RemoveValue);
        var size = Report010("(call $map_size (i32.const 2) (i32.const 100))", Imports.MapSize);
        var pairs = Report010(StatusPointerLength("(call $get_pairs (i32.const 2) (i32.const 100) (i32.const 104))"), Imports.GetPairs);

        Assert.Equal([2, 2, 2, 2, 2], [value, add, replace, remove, size]);
        Assert.Equal(0, pairs); // OK with no pairs
    }

    [Fact]
    public void TheRootContextHasNoMapsAndNoProperties()
    {
        var module = TestModule.Build($$"""
            {{Seen}}
            (data (i32.const 1000) "x-a")
            (func (export "proxy_on_configure") (param i32 i32) (result i32)
              (global.set $seen (i32.add
                (i32.mul (call $add_value (i32.const 0) (i32.const 1000) (i32.const 3) (i32.const 1000) (i32.const 3)) (i32.const 100))
                (call $set_property (i32.const 1000) (i32.const 3) (i32.const 1000) (i32.const 3))))
              (i32.const 1))
            {{ReportSeen}}
            """, Imports.All(Imports.AddValue, Imports.SetProperty), V010);

        Assert.Equal((int)ProxyStatus.BadArgument * 100 + (int)ProxyStatus.NotFound, Report(module));
    }

    [Fact]
    public void PropertiesSetInAStreamAreReadBackThere()
    {
        var status = Report010("""
            (block (result i32)
              (drop (call $set_property (i32.const 1000) (i32.const 6) (i32.const 1010) (i32.const 5)))
              (drop (call $get_property (i32.const 1000) (i32.const 6) (i32.const 100) (i32.const 104)))
              (i32.add (i32.mul (call $get_property (i32.const 1020) (i32.const 7) (i32.const 100) (i32.const 104)) (i32.const 100))
                (i32.load (i32.const 104))))
            """, Imports.All(Imports.SetProperty, Imports.GetProperty),
            """(data (i32.const 1000) "my.key") (data (i32.const 1010) "value") (data (i32.const 1020) "unknown")""");

        Assert.Equal((int)ProxyStatus.NotFound * 100 + 5, status);
    }

    [Fact]
    public void Abi010GetConfigurationIsThePluginsWhileConfiguringAndTheVmsOtherwise()
    {
        var log = new RecordingLog();
        const string LogConfiguration = """
            (drop (call $get_configuration (i32.const 100) (i32.const 104)))
            (drop (call $log (i32.const 2) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
            """;
        var module = TestModule.Build($$"""
            (func (export "proxy_on_context_create") (param i32 i32) {{LogConfiguration}})
            (func (export "proxy_on_vm_start") (param i32 i32) (result i32) {{LogConfiguration}} (i32.const 1))
            (func (export "proxy_on_configure") (param i32 i32) (result i32) {{LogConfiguration}} (i32.const 1))
            (func (export "proxy_on_request_headers") (param i32 i32) (result i32) {{LogConfiguration}} (i32.const 0))
            """, Imports.All(GetConfiguration, Imports.Log), V010);
        using var host = FilterHost.Load(module, "plugin", new FilterHostOptions { VmConfiguration = "vm", Log = log.Add, PoolSize = 1 });
        using var stream = host.CreateStream();

        stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true);

        // root create, VM start, configure, then the stream's create and its request headers
        Assert.Equal(["plugin", "vm", "plugin", "vm", "vm"], log.Messages(ProxyLogLevel.Info));
    }

    [Fact]
    public void ThePluginConfigurationBufferExistsOnlyWhileConfiguringTheVmsAlways()
    {
        var plugin = Report010("(call $buffer_status (i32.const 7) (i32.const 100) (i32.const 104))", Imports.GetBufferStatus, config: "cfg");
        var vm = Report010("(block (result i32) (drop (call $buffer_status (i32.const 6) (i32.const 100) (i32.const 104))) (i32.load (i32.const 100)))",
            Imports.GetBufferStatus, options: new FilterHostOptions { VmConfiguration = "four" });

        Assert.Equal((int)ProxyStatus.NotFound, plugin);
        Assert.Equal(4, vm);
    }

    [Theory]
    [InlineData(0, 0)] // the request body has not arrived: empty, OK
    [InlineData(2, 0)] // TCP data in an HTTP filter: empty, OK
    [InlineData(4, (int)ProxyStatus.NotFound * 100 + 198)] // no HTTP call was made
    [InlineData(9, (int)ProxyStatus.BadArgument * 100 + 198)] // no such buffer type
    public void BuffersAStreamDoesNotHaveReadAsEnvoyAnswers(int buffer, int expected)
    {
        var status = Report010(StatusPointerLength($"(call $get_buffer (i32.const {buffer}) (i32.const 0) (i32.const 10) (i32.const 100) (i32.const 104))"),
            Imports.GetBufferBytes);

        Assert.Equal(expected, status);
    }

    [Fact]
    public void ReadingPastTheEndOfABodyGivesNothingWithOk()
    {
        var module = TestModule.Build($$"""
            (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
              (call $report {{StatusPointerLength("(call $get_buffer (i32.const 0) (i32.const 50) (i32.const 10) (i32.const 100) (i32.const 104))")}}))
            """, Imports.GetBufferBytes, V010);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();

        Assert.Equal(0, TestModule.ReportedStatus(stream.OnRequestBody(new BodyBuffer("short"u8.ToArray()), true)));
    }

    [Theory]
    [InlineData(0, 0, "new-hello", 0)] // prepend
    [InlineData(0, 5, "new-", 0)] // replace everything
    [InlineData(5, 0, "hellonew-", 0)] // append
    [InlineData(1, 2, "hello", (int)ProxyStatus.BadArgument)] // a range inside the body: Envoy refuses
    [InlineData(0, 2, "hello", (int)ProxyStatus.BadArgument)]
    public void BodiesArePrependedAppendedOrReplacedWhole(int start, int size, string expectedBody, int expectedStatus)
    {
        var module = TestModule.Build($$"""
            (data (i32.const 1000) "new-")
            (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
              (call $report (call $set_buffer (i32.const 0) (i32.const {{start}}) (i32.const {{size}}) (i32.const 1000) (i32.const 4))))
            """, Imports.SetBufferBytes, V010);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();
        var body = new BodyBuffer("hello"u8.ToArray());

        Assert.Equal(expectedStatus, TestModule.ReportedStatus(stream.OnRequestBody(body, true)));
        Assert.Equal(expectedBody, Encoding.UTF8.GetString(body.Content.Span));
    }

    [Theory]
    [InlineData(0, (int)ProxyStatus.BadArgument)] // no body yet
    [InlineData(6, (int)ProxyStatus.BadArgument)] // the VM configuration is read-only
    [InlineData(7, (int)ProxyStatus.NotFound)] // the plugin configuration exists only while configuring
    public void BuffersThatCannotBeWrittenAreRefused(int buffer, int expected)
    {
        Assert.Equal(expected, Report010($"(call $set_buffer (i32.const {buffer}) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 1))",
            Imports.SetBufferBytes));
    }

    [Fact]
    public async Task Abi010ContinueRequestAndResponseAnswerOkAndResume()
    {
        var module = TestModule.Build($$"""
            {{Seen}}
            (global $stream (mut i32) (i32.const 0))
            (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
              (if (local.get $parent) (then (global.set $stream (local.get $id)))))
            (func (export "proxy_on_configure") (param i32 i32) (result i32) (drop (call $set_tick (i32.const 3600000))) (i32.const 1))
            (func (export "proxy_on_request_headers") (param i32 i32) (result i32) (i32.const 1))
            (func (export "proxy_on_response_headers") (param i32 i32) (result i32) (call $report (global.get $seen)))
            (func (export "proxy_on_tick") (param i32)
              (global.set $seen (i32.add (call $continue_response) (call $clear_route_cache))) ;; the root context: no stream to act on
              (drop (call $set_effective_context (global.get $stream)))
              (drop (call $continue_request)))
            """, Imports.All(ContinueRequest, ContinueResponse, ClearRouteCache, Imports.SetEffectiveContext, Imports.SetTick), V010);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { PoolSize = 1 });
        using var stream = host.CreateStream();

        Assert.Equal(FilterAction.Pause, stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true).Action);
        host.TickNow();

        await stream.WaitForResumeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, TestModule.ReportedStatus(stream.OnResponseHeaders(HeaderMap.ForResponse(200), true)));
    }

    [Fact]
    public void StreamControlFromTheRootContextAnswersOkAndDoesNothing()
    {
        var module = TestModule.Build($$"""
            {{Seen}}
            (func (export "proxy_on_configure") (param i32 i32) (result i32)
              (global.set $seen (i32.add (i32.add
                (call $continue_stream (i32.const 0))
                (call $close_stream (i32.const 1)))
                (call $send_local_response (i32.const 403) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1))))
              (i32.const 1))
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (call $report (global.get $seen)))
            """, Imports.All(Imports.ContinueStream, Imports.CloseStream));

        Assert.Equal(0, Report(module));
    }

    [Theory]
    [InlineData(2, 0)] // downstream: OK (nothing to continue in an HTTP filter)
    [InlineData(3, (int)ProxyStatus.Unimplemented)] // upstream
    [InlineData(4, (int)ProxyStatus.BadArgument)]
    public void ContinueStreamAnswersTcpStreamTypesAsEnvoysHttpFilter(int type, int expected)
    {
        Assert.Equal(expected, TestModule.ReportedStatus(Request021($"(call $continue_stream (i32.const {type}))", Imports.ContinueStream)));
    }

    [Fact]
    public void ALocalResponseWithMalformedHeaderPairsIsSentWithoutThem()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "\09\00\00\00")
            (func (export "proxy_on_request_headers") (param i32 i32) (result i32)
              (if (call $send_local_response (i32.const 403) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const -1))
                (then unreachable))
              (i32.const 1))
            """, marker: V010);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();

        var response = stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true).Response;

        Assert.Equal(403, response?.StatusCode);
        Assert.Empty(response!.Headers);
    }

    [Fact]
    public void AStreamsProxyOnDoneAnswerDoesNotKeepItAndProxyDoneIsNotFound()
    {
        var log = new RecordingLog();
        var module = TestModule.Build("""
            (data (i32.const 1000) "deleted")
            (func (export "proxy_on_done") (param i32) (result i32) (i32.const 0))
            (func (export "proxy_on_delete") (param i32) (drop (call $log (i32.const 2) (i32.const 1000) (i32.const 7))))
            (func (export "proxy_on_request_headers") (param i32 i32) (result i32) (call $report (call $done)))
            """, Imports.All(Imports.Done, Imports.Log), V010);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { Log = log.Add });

        using (var stream = host.CreateStream())
        {
            Assert.Equal((int)ProxyStatus.NotFound, TestModule.ReportedStatus(stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true)));
        }

        Assert.Equal(["deleted"], log.Messages(ProxyLogLevel.Info));
    }

    [Fact]
    public void Abi010SharedDataAnswersNotFoundAndCasMismatchAsEnvoy()
    {
        var status = Report010("""
            (block (result i32)
              (i32.add (i32.add
                (i32.mul (call $get_shared (i32.const 1000) (i32.const 1) (i32.const 100) (i32.const 104) (i32.const 108)) (i32.const 100))
                (i32.mul (call $set_shared (i32.const 1000) (i32.const 1) (i32.const 1000) (i32.const 1) (i32.const 77)) (i32.const 10)))
                (call $set_shared (i32.const 1000) (i32.const 1) (i32.const 1000) (i32.const 1) (i32.const 77))))
            """, Imports.All(Imports.GetShared, Imports.SetShared), """(data (i32.const 1000) "k")""");

        // absent: NOT_FOUND; creating with any CAS: OK; then the stale CAS 77: CAS_MISMATCH
        Assert.Equal((int)ProxyStatus.NotFound * 100 + (int)ProxyStatus.CasMismatch, status);
    }

    [Fact]
    public void EveryAbi010HostFunctionLinksInAnAbi010Module()
    {
        var imports = string.Join('\n', HostFunctionCatalog.For(ProxyAbiVersion.V010).Values
            .Where(f => f.Name != "proxy_send_local_response")
            .Select(f => $"""(import "env" "{f.Name}" (func {Signature(f)}))"""));

        Assert.Equal(0, Report010("(i32.const 0)", imports));
    }

    [Theory]
    [InlineData(V010, "proxy_continue_stream", "(param i32) (result i32)")]
    [InlineData(V010, "proxy_get_log_level", "(param i32) (result i32)")]
    [InlineData("proxy_abi_version_0_2_1", "proxy_get_configuration", "(param i32 i32) (result i32)")]
    [InlineData("proxy_abi_version_0_2_0", "proxy_continue_request", "(result i32)")]
    [InlineData("proxy_abi_version_0_2_0", "proxy_get_log_level", "(param i32) (result i32)")]
    public void ACallItsAbiVersionDoesNotGetIsRefused(string marker, string name, string signature)
    {
        var result = ModuleValidator.Validate(TestModule.Build("", $"""(import "env" "{name}" (func {signature}))""", marker));

        Assert.Contains($"env.{name} is not a proxy-wasm ABI", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(V010, "(param i32 i32 i32)", "(i32 context_id, i32 headers) -> i32")]
    [InlineData("proxy_abi_version_0_2_1", "(param i32 i32)", "(i32 context_id, i32 headers, i32 end_of_stream) -> i32")]
    public void HeaderCallbacksOfTheOtherAbiAreRefused(string marker, string parameters, string expected)
    {
        var result = ModuleValidator.Validate(TestModule.Build(
            $"""(func (export "proxy_on_response_headers") {parameters} (result i32) (i32.const 0))""", marker: marker));

        Assert.Contains($"proxies call it as {expected}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmscriptenHelpersLinkAsInEnvoy()
    {
        const string Imports = """
            (import "env" "emscripten_notify_memory_growth" (func $grown (param i32)))
            (import "env" "pthread_equal" (func $pthread_equal (param i32 i32) (result i32)))
            """;

        var status = TestModule.ReportedStatus(Request021(
            "(block (result i32) (call $grown (i32.const 0)) (i32.add (call $pthread_equal (i32.const 5) (i32.const 5)) (call $pthread_equal (i32.const 5) (i32.const 6))))",
            Imports));

        Assert.Equal(1, status);
    }

    private static FilterResult Request021(string expression, string imports)
    {
        using var host = FilterHost.Load(TestModule.ReportingFromRequestHeaders(expression, imports));
        using var stream = host.CreateStream();
        return stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true);
    }

    private static string Signature(HostFunction function)
    {
        var parts = (function.Signature ?? ">i").Split('>');
        var parameters = parts[0].Length == 0 ? "" : $"(param {string.Join(' ', parts[0].Select(c => c == 'I' ? "i64" : "i32"))})";
        var results = parts[1].Length == 0 ? "" : $"(result {string.Join(' ', parts[1].Select(c => c == 'I' ? "i64" : "i32"))})";
        return $"{parameters} {results}";
    }
}
