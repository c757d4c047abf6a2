using System.Text;
using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>Each host call, exercised by a small module written in WebAssembly text.</summary>
public sealed class HostCallTests
{
    private static readonly DateTimeOffset FortyTwoSeconds = DateTimeOffset.UnixEpoch.AddSeconds(42);

    private static FilterResult Request(byte[] module, HeaderMap? headers = null, FilterHostOptions? options = null, string? config = null)
    {
        using var host = FilterHost.Load(module, config, options);
        using var stream = host.CreateStream();
        return stream.OnRequestHeaders(headers ?? HeaderMap.ForRequest("GET", "/", "example"), endOfStream: true);
    }

    private static int Status(string expression, string imports, string data = "", HeaderMap? headers = null, FilterHostOptions? options = null) =>
        TestModule.ReportedStatus(Request(TestModule.ReportingFromRequestHeaders(expression, imports, data), headers, options));

    [Fact]
    public void LogReachesTheSinkWithLevelPluginAndContext()
    {
        var log = new RecordingLog();
        var module = TestModule.ReportingFromRequestHeaders("(call $log (i32.const 3) (i32.const 1000) (i32.const 21))",
            Imports.Log, """(data (i32.const 1000) "hello from the filter")""");
        using var host = FilterHost.Load(module, options: new FilterHostOptions { PluginName = "greeter", Log = log.Add });
        using var stream = host.CreateStream();

        Assert.Equal((int)ProxyStatus.Ok, TestModule.ReportedStatus(stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true)));

        var entry = Assert.Single(log.Entries);
        Assert.Equal((ProxyLogLevel.Warn, "greeter", stream.ContextId, "hello from the filter"), (entry.Level, entry.PluginName, entry.ContextId, entry.Message));
    }

    [Theory]
    [InlineData("(call $log (i32.const 9) (i32.const 1000) (i32.const 2))", ProxyStatus.BadArgument)]
    [InlineData("(call $log (i32.const 2) (i32.const -256) (i32.const 10))", ProxyStatus.InvalidMemoryAccess)]
    [InlineData("(call $log (i32.const 2) (i32.const 1000) (i32.const -1))", ProxyStatus.InvalidMemoryAccess)]
    [InlineData("(call $log (i32.const 2) (i32.const 131070) (i32.const 3))", ProxyStatus.InvalidMemoryAccess)]
    public void LogRefusesBadArguments(string expression, ProxyStatus expected)
    {
        Assert.Equal((int)expected, Status(expression, Imports.Log));
    }

    [Fact]
    public void AFailingLogSinkDoesNotFailTheFilter()
    {
        var status = Status("(call $log (i32.const 2) (i32.const 1000) (i32.const 2))", Imports.Log, """(data (i32.const 1000) "hi")""",
            options: new FilterHostOptions { Log = _ => throw new InvalidOperationException("sink is down") });

        Assert.Equal((int)ProxyStatus.Ok, status);
    }

    [Fact]
    public void LogLevelsBelowTheHostsAreDropped()
    {
        var log = new RecordingLog();
        Status("(call $log (i32.const 1) (i32.const 1000) (i32.const 5))", Imports.Log, """(data (i32.const 1000) "debug")""",
            options: new FilterHostOptions { Log = log.Add, LogLevel = ProxyLogLevel.Info });

        Assert.Empty(log.Entries);
    }

    [Fact]
    public void GetLogLevelAnswersTheHostsLevel()
    {
        var status = Status("(block (result i32) (drop (call $get_log_level (i32.const 100))) (i32.load (i32.const 100)))",
            Imports.GetLogLevel, options: new FilterHostOptions { LogLevel = ProxyLogLevel.Error });

        Assert.Equal((int)ProxyLogLevel.Error, status);
    }

    [Fact]
    public void TimeComesFromTheInjectedClock()
    {
        var options = new FilterHostOptions { Clock = new FakeClock(FortyTwoSeconds) };

        var proxyTime = Status("(block (result i32) (drop (call $get_time (i32.const 100))) (i32.wrap_i64 (i64.div_u (i64.load (i32.const 100)) (i64.const 1000000000))))",
            Imports.GetTime, options: options);
        var wasiTime = Status("(block (result i32) (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 100))) (i32.wrap_i64 (i64.div_u (i64.load (i32.const 100)) (i64.const 1000000000))))",
            Imports.WasiClock, options: options);

        Assert.Equal((42, 42), (proxyTime, wasiTime));
    }

    [Fact]
    public void TimeRefusesOutOfBoundsPointers()
    {
        Assert.Equal((int)ProxyStatus.InvalidMemoryAccess, Status("(call $get_time (i32.const 131068))", Imports.GetTime));
        Assert.Equal(21 /* WASI FAULT */, Status("(call $clock_time_get (i32.const 0) (i64.const 1) (i32.const -4))", Imports.WasiClock));
        Assert.Equal(28 /* WASI INVAL */, Status("(call $clock_time_get (i32.const 99) (i64.const 1) (i32.const 100))", Imports.WasiClock));
    }

    [Fact]
    public void HeaderValuesCanBeReadAndAdded()
    {
        var headers = HeaderMap.ForRequest("GET", "/", "h", headers: [new("X-In", "value one")]);

        var status = Status("""
            (block (result i32)
              (drop (call $get_value (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104)))
              (call $add_value (i32.const 0) (i32.const 1010) (i32.const 5) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
            """, Imports.All(Imports.GetValue, Imports.AddValue), """(data (i32.const 1000) "x-in") (data (i32.const 1010) "x-out")""", headers);

        Assert.Equal((int)ProxyStatus.Ok, status);
        Assert.Equal("value one", headers.Get("x-out"));
    }

    [Fact]
    public void AMissingHeaderIsNotFound()
    {
        Assert.Equal((int)ProxyStatus.NotFound, Status("(call $get_value (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104))",
            Imports.GetValue, """(data (i32.const 1000) "x-no")"""));
    }

    [Theory]
    [InlineData(9, ProxyStatus.BadArgument)] // no such map type
    [InlineData(2, ProxyStatus.BadArgument)] // response headers do not exist yet (Envoy: map not available)
    [InlineData(6, ProxyStatus.BadArgument)] // HTTP call response headers: no call was made
    public void MapsThatDoNotExistAreRefused(int map, ProxyStatus expected)
    {
        Assert.Equal((int)expected, Status($"(call $get_value (i32.const {map}) (i32.const 1000) (i32.const 5) (i32.const 100) (i32.const 104))",
            Imports.GetValue, """(data (i32.const 1000) ":path")"""));
    }

    [Fact]
    public void HeadersCanBeReplacedAndRemoved()
    {
        var headers = HeaderMap.ForRequest("GET", "/old", "h", headers: [new("x-drop", "1"), new("x-drop", "2")]);

        Status("""
            (block (result i32)
              (drop (call $replace_value (i32.const 0) (i32.const 1000) (i32.const 5) (i32.const 1010) (i32.const 4)))
              (call $remove_value (i32.const 0) (i32.const 1020) (i32.const 6)))
            """, Imports.All(Imports.ReplaceValue, Imports.RemoveValue),
            """(data (i32.const 1000) ":path") (data (i32.const 1010) "/new") (data (i32.const 1020) "x-drop")""", headers);

        Assert.Equal("/new", headers.Get(":path"));
        Assert.Null(headers.Get("x-drop"));
    }

    [Fact]
    public void HeaderPairsAreSerialisedPerTheAbi()
    {
        var headers = HeaderMap.ForRequest("POST", "/a?b", "host", headers: [new("x-one", "1"), new("x-one", "2")]);
        var module = TestModule.Build("""
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
              (drop (call $get_pairs (i32.const 0) (i32.const 100) (i32.const 104)))
              (drop (call $send_local_response (i32.const 200) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
                (i32.load (i32.const 100)) (i32.load (i32.const 104)) (i32.const -1)))
              (i32.const 1))
            """, Imports.GetPairs);

        var response = Request(module, headers).Response!;

        Assert.Equal(headers.ToList(), response.Headers);
    }

    [Fact]
    public void HeaderPairsCanBeSet()
    {
        var headers = HeaderMap.ForRequest("GET", "/", "h");

        var status = Status("(call $set_pairs (i32.const 0) (i32.const 1000) (i32.const 29))", Imports.SetPairs,
            """(data (i32.const 1000) "\02\00\00\00\01\00\00\00\01\00\00\00\01\00\00\00\02\00\00\00a\001\00b\0022\00")""", headers);

        Assert.Equal((int)ProxyStatus.Ok, status);
        Assert.Equal([new("a", "1"), new("b", "22")], headers.ToList());
    }

    [Fact]
    public void MalformedHeaderPairsEmptyTheMapAsInEnvoy()
    {
        var headers = HeaderMap.ForRequest("GET", "/", "h");

        var status = Status("(call $set_pairs (i32.const 0) (i32.const 1000) (i32.const 12))", Imports.SetPairs,
            """(data (i32.const 1000) "\09\00\00\00\01\00\00\00\01\00\00\00")""", headers);

        Assert.Equal((int)ProxyStatus.Ok, status); // proxy-wasm-cpp-host's PairsUtil::toPairs reads malformed pairs as none
        Assert.Empty(headers);
    }

    [Fact]
    public void MapSizeIsTheBytesOfKeysAndValues()
    {
        var headers = HeaderMap.ForRequest("GET", "/", "h");
        var expected = headers.Sum(h => h.Key.Length + h.Value.Length); // Envoy's HeaderMap::byteSize()

        var size = Status("(block (result i32) (drop (call $map_size (i32.const 0) (i32.const 100))) (i32.load (i32.const 100)))",
            Imports.MapSize, headers: headers);

        Assert.Equal(expected, size);
    }

    [Fact]
    public void ResponseHeadersAndTrailersCanBeEdited()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "x-filtered") (data (i32.const 1020) "yes")
            (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32)
              (drop (call $add_value (i32.const 2) (i32.const 1000) (i32.const 10) (i32.const 1020) (i32.const 3)))
              (i32.const 0))
            (func (export "proxy_on_response_trailers") (param i32 i32) (result i32)
              (drop (call $add_value (i32.const 3) (i32.const 1000) (i32.const 10) (i32.const 1020) (i32.const 3)))
              (i32.const 0))
            """, Imports.AddValue);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();
        var headers = HeaderMap.ForResponse(200);
        var trailers = new HeaderMap();

        Assert.Equal(FilterAction.Continue, stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true).Action);
        Assert.Equal(FilterAction.Continue, stream.OnResponseHeaders(headers, false).Action);
        Assert.Equal(FilterAction.Continue, stream.OnResponseTrailers(trailers).Action);

        Assert.Equal("yes", headers.Get("x-filtered"));
        Assert.Equal("yes", trailers.Get("x-filtered"));
    }

    [Fact]
    public void BodiesCanBeReadAndRewritten()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "prefix-") (data (i32.const 1010) "-suffix")
            (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
              (drop (call $set_buffer (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 7)))
              (drop (call $set_buffer (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 1010) (i32.const 7)))
              (i32.const 0))
            (func (export "proxy_on_response_body") (param i32 i32 i32) (result i32)
              (drop (call $buffer_status (i32.const 1) (i32.const 108) (i32.const 112)))
              (drop (call $get_buffer (i32.const 1) (i32.const 2) (i32.const 100) (i32.const 100) (i32.const 104)))
              (drop (call $send_local_response (i32.add (i32.const 200) (i32.load (i32.const 108)))
                (i32.const 0) (i32.const 0) (i32.load (i32.const 100)) (i32.load (i32.const 104)) (i32.const 0) (i32.const 0) (i32.const -1)))
              (i32.const 1))
            """, Imports.All(Imports.SetBufferBytes, Imports.GetBufferBytes, Imports.GetBufferStatus));
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();
        var requestBody = new BodyBuffer("hello"u8.ToArray());

        Assert.Equal(FilterAction.Continue, stream.OnRequestBody(requestBody, endOfStream: true).Action);
        var echoed = stream.OnResponseBody(new BodyBuffer("response body"u8.ToArray()), endOfStream: true);

        Assert.Equal("prefix-hello-suffix", Encoding.UTF8.GetString(requestBody.Content.Span));
        Assert.Equal(200 + "response body".Length, echoed.Response!.StatusCode);
        Assert.Equal("sponse body", Encoding.UTF8.GetString(echoed.Response.Body.Span));
    }

    [Fact]
    public void VmAndPluginConfigurationsReachTheFilter()
    {
        var log = new RecordingLog();
        var module = TestModule.Build("""
            (func (export "proxy_on_vm_start") (param i32 i32) (result i32)
              (drop (call $get_buffer (i32.const 6) (i32.const 0) (local.get 1) (i32.const 100) (i32.const 104)))
              (drop (call $log (i32.const 2) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
              (i32.const 1))
            (func (export "proxy_on_configure") (param i32 i32) (result i32)
              (drop (call $get_buffer (i32.const 7) (i32.const 0) (local.get 1) (i32.const 100) (i32.const 104)))
              (drop (call $log (i32.const 2) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
              (i32.const 1))
            """, Imports.All(Imports.GetBufferBytes, Imports.Log));

        using var host = FilterHost.Load(module, """{"plugin": true}""", new FilterHostOptions { VmConfiguration = "vm settings", Log = log.Add });

        Assert.Equal(["vm settings", """{"plugin": true}"""], log.Messages(ProxyLogLevel.Info));
        Assert.All(log.Entries, e => Assert.Equal(1, e.ContextId)); // the root context
    }

    [Fact]
    public void AFilterThatRejectsItsConfigurationFailsToLoadWithWhatItLogged()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "limits must be numbers")
            (func (export "proxy_on_configure") (param i32 i32) (result i32)
              (drop (call $log (i32.const 4) (i32.const 1000) (i32.const 22)))
              (i32.const 0))
            """, Imports.Log);

        var error = Assert.Throws<FilterLoadException>(() => FilterHost.Load(module, "{}"));

        Assert.Equal("The filter rejected its plugin configuration (proxy_on_configure returned false); it logged: \"limits must be numbers\": " +
                     "fix the configuration and load it again.", error.Message);
    }

    [Fact]
    public void LocalResponsesCarryStatusDetailsHeadersAndBody()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "denied") (data (i32.const 1010) "go away")
            (data (i32.const 1100) "\02\00\00\00\01\00\00\00\01\00\00\00\01\00\00\00\02\00\00\00a\001\00b\0022\00")
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
              (drop (call $send_local_response (i32.const 403) (i32.const 1000) (i32.const 6) (i32.const 1010) (i32.const 7)
                (i32.const 1100) (i32.const 29) (i32.const 7)))
              (i32.const 1))
            """);

        var response = Request(module).Response!;

        Assert.Equal((403, "denied", "go away", 7), (response.StatusCode, response.Details, Encoding.UTF8.GetString(response.Body.Span), response.GrpcStatus));
        Assert.Equal([new("a", "1"), new("b", "22")], response.Headers);
    }

    [Fact]
    public void LocalResponsesRefuseImpossibleStatusCodes()
    {
        var module = TestModule.Build("""
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
              (call $report (call $send_local_response (i32.const 42) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1))))
            """);

        Assert.Equal((int)ProxyStatus.BadArgument, TestModule.ReportedStatus(Request(module)));
    }

    public static TheoryData<string, string> Properties => new()
    {
        { "request\0path", "/search?q=wasm" },
        { "request\0url_path", "/search" },
        { "request\0query", "q=wasm" },
        { "request\0method", "PUT" },
        { "request\0host", "shop.local" },
        { "request\0scheme", "http" },
        { "request\0protocol", "HTTP/2" },
        { "request\0useragent", "curl/8" },
        { "request.path", "/search?q=wasm" },
        { "plugin_name", "props" },
        { "plugin_root_id", "root-a" },
        { "plugin_vm_id", "vm-a" },
        { "source\0address", "10.1.2.3:5555" },
        { "destination\0address", "127.0.0.1:8080" },
        { "node\0id", "sandbox-node" },
    };

    [Theory]
    [MemberData(nameof(Properties))]
    public void PropertiesFiltersReadAreAnswered(string path, string expected)
    {
        var headers = HeaderMap.ForRequest("PUT", "/search?q=wasm", "shop.local", headers: [new("user-agent", "curl/8")]);
        var options = new FilterHostOptions
        {
            PluginName = "props",
            RootId = "root-a",
            VmId = "vm-a",
            Properties = new Dictionary<string, string> { ["node.id"] = "sandbox-node" },
        };
        var module = PropertyEcho(path);
        using var host = FilterHost.Load(module, options: options);
        using var stream = host.CreateStream(new RequestInfo
        {
            Source = System.Net.IPEndPoint.Parse("10.1.2.3:5555"),
            Destination = System.Net.IPEndPoint.Parse("127.0.0.1:8080"),
            Protocol = "HTTP/2",
        });

        Assert.Equal((int)ProxyStatus.Ok, TestModule.ReportedStatus(stream.OnRequestHeaders(headers, true)));
        Assert.Equal(expected, headers.Get("x-prop"));
    }

    [Fact]
    public void HeaderAndStatusPropertiesAreSerialisedLikeMaps()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "request\00headers") (data (i32.const 1020) "response\00code")
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 0))
            (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32)
              (drop (call $get_property (i32.const 1000) (i32.const 15) (i32.const 100) (i32.const 104)))
              (drop (call $get_property (i32.const 1020) (i32.const 13) (i32.const 108) (i32.const 112)))
              (drop (call $send_local_response (i32.load (i32.load (i32.const 108)))
                (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.load (i32.const 100)) (i32.load (i32.const 104)) (i32.const -1)))
              (i32.const 1))
            """, Imports.GetProperty);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();
        var request = HeaderMap.ForRequest("GET", "/x", "h", headers: [new("accept", "*/*")]);

        stream.OnRequestHeaders(request, true);
        var response = stream.OnResponseHeaders(HeaderMap.ForResponse(503), true).Response!;

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(request.ToList(), response.Headers);
    }

    [Fact]
    public void IntegerPropertiesAreEightByteLittleEndian()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "source\00port")
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
              (drop (call $get_property (i32.const 1000) (i32.const 11) (i32.const 100) (i32.const 104)))
              (call $report (i32.add (i32.load (i32.load (i32.const 100))) (i32.load (i32.const 104)))))
            """, Imports.GetProperty);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream(new RequestInfo { Source = System.Net.IPEndPoint.Parse("10.0.0.1:90") });

        // 90 from the low four bytes, plus the 8-byte length
        Assert.Equal(98, TestModule.ReportedStatus(stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true)));
    }

    [Fact]
    public void UnknownPropertiesAreNotFoundAndSetPropertiesReadBack()
    {
        Assert.Equal((int)ProxyStatus.NotFound, TestModule.ReportedStatus(Request(PropertyEcho("no\0such"))));

        var headers = HeaderMap.ForRequest("GET", "/", "h");
        var status = Status("""
            (block (result i32)
              (drop (call $set_property (i32.const 1000) (i32.const 6) (i32.const 1010) (i32.const 5)))
              (drop (call $get_property (i32.const 1000) (i32.const 6) (i32.const 100) (i32.const 104)))
              (call $add_value (i32.const 0) (i32.const 1020) (i32.const 6) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
            """, Imports.All(Imports.SetProperty, Imports.GetProperty, Imports.AddValue),
            """(data (i32.const 1000) "my\00key") (data (i32.const 1010) "value") (data (i32.const 1020) "x-prop")""", headers);

        Assert.Equal((int)ProxyStatus.Ok, status);
        Assert.Equal("value", headers.Get("x-prop"));
    }

    [Fact]
    public void SharedDataKeepsValuesWithCompareAndSwap()
    {
        // set k=v1 (CAS 0), read it back with its CAS, then try to write with a stale CAS
        var module = TestModule.ReportingFromRequestHeaders("""
            (block (result i32)
              (drop (call $set_shared (i32.const 1000) (i32.const 1) (i32.const 1010) (i32.const 2) (i32.const 0)))
              (drop (call $get_shared (i32.const 1000) (i32.const 1) (i32.const 100) (i32.const 104) (i32.const 108)))
              (call $set_shared (i32.const 1000) (i32.const 1) (i32.const 1020) (i32.const 2) (i32.add (i32.load (i32.const 108)) (i32.const 1))))
            """, Imports.All(Imports.SetShared, Imports.GetShared), """(data (i32.const 1000) "k") (data (i32.const 1010) "v1") (data (i32.const 1020) "v2")""");
        var shared = new SharedDataStore();

        var status = TestModule.ReportedStatus(Request(module, options: new FilterHostOptions { SharedData = shared }));

        Assert.Equal((int)ProxyStatus.CasMismatch, status);
        Assert.True(shared.TryGet("k", out var value, out _));
        Assert.Equal("v1", Encoding.UTF8.GetString(value));
    }

    [Fact]
    public void SharedDataIsSharedBetweenHostsGivenTheSameStore()
    {
        var shared = new SharedDataStore();
        shared.Set("greeting", "hi"u8, 0);
        var headers = HeaderMap.ForRequest("GET", "/", "h");

        var status = Status("""
            (block (result i32)
              (drop (call $get_shared (i32.const 1000) (i32.const 8) (i32.const 100) (i32.const 104) (i32.const 108)))
              (call $add_value (i32.const 0) (i32.const 1010) (i32.const 10) (i32.load (i32.const 100)) (i32.load (i32.const 104))))
            """, Imports.All(Imports.GetShared, Imports.AddValue), """(data (i32.const 1000) "greeting") (data (i32.const 1010) "x-greeting")""",
            headers, new FilterHostOptions { SharedData = shared });

        Assert.Equal((int)ProxyStatus.Ok, status);
        Assert.Equal("hi", headers.Get("x-greeting"));
    }

    [Fact]
    public void AMissingSharedKeyIsNotFound()
    {
        Assert.Equal((int)ProxyStatus.NotFound, Status("(call $get_shared (i32.const 1000) (i32.const 4) (i32.const 100) (i32.const 104) (i32.const 108))",
            Imports.GetShared, """(data (i32.const 1000) "none")"""));
    }

    [Fact]
    public async Task TicksRunOnTheSetPeriodAndOnDemand()
    {
        var log = new RecordingLog();
        var module = TestModule.Build("""
            (data (i32.const 1000) "tick")
            (func (export "proxy_on_configure") (param i32 i32) (result i32)
              (drop (call $set_tick (i32.const 20)))
              (i32.const 1))
            (func (export "proxy_on_tick") (param i32)
              (drop (call $log (i32.const 2) (i32.const 1000) (i32.const 4))))
            """, Imports.All(Imports.SetTick, Imports.Log));
        using var host = FilterHost.Load(module, options: new FilterHostOptions { PoolSize = 1, Log = log.Add });

        host.TickNow();
        Assert.Contains("tick", log.Messages(ProxyLogLevel.Info));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (log.Messages(ProxyLogLevel.Info).Count() < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(log.Messages(ProxyLogLevel.Info).Count() >= 4, "the 20 ms tick timer did not fire three times within 5 s");
    }

    [Fact]
    public void MetricsAreDefinedIncrementedRecordedAndRead()
    {
        var module = TestModule.ReportingFromRequestHeaders("""
            (block (result i32)
              (drop (call $define_metric (i32.const 0) (i32.const 1000) (i32.const 8) (i32.const 100)))
              (drop (call $increment_metric (i32.load (i32.const 100)) (i64.const 5)))
              (drop (call $define_metric (i32.const 1) (i32.const 1010) (i32.const 5) (i32.const 104)))
              (drop (call $record_metric (i32.load (i32.const 104)) (i64.const 7)))
              (drop (call $define_metric (i32.const 2) (i32.const 1020) (i32.const 7) (i32.const 108)))
              (drop (call $record_metric (i32.load (i32.const 108)) (i64.const 30)))
              (drop (call $record_metric (i32.load (i32.const 108)) (i64.const 12)))
              (drop (call $get_metric (i32.load (i32.const 100)) (i32.const 112)))
              (i32.wrap_i64 (i64.load (i32.const 112))))
            """, Imports.All(Imports.DefineMetric, Imports.IncrementMetric, Imports.RecordMetric, Imports.GetMetric),
            """(data (i32.const 1000) "requests") (data (i32.const 1010) "queue") (data (i32.const 1020) "latency")""");
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();

        Assert.Equal(5, TestModule.ReportedStatus(stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true)));
        Assert.Equal(
            [new("requests", MetricKind.Counter, 5, 0), new("queue", MetricKind.Gauge, 7, 0), new("latency", MetricKind.Histogram, 2, 42)],
            host.Metrics.Snapshot());
    }

    [Fact]
    public void CountersCannotGoDownAndUnknownMetricsAreNotFound()
    {
        Assert.Equal((int)ProxyStatus.BadArgument, Status("""
            (block (result i32)
              (drop (call $define_metric (i32.const 0) (i32.const 1000) (i32.const 1) (i32.const 100)))
              (call $increment_metric (i32.load (i32.const 100)) (i64.const -1)))
            """, Imports.All(Imports.DefineMetric, Imports.IncrementMetric), """(data (i32.const 1000) "c")"""));
        Assert.Equal((int)ProxyStatus.NotFound, Status("(call $increment_metric (i32.const 77) (i64.const 1))", Imports.IncrementMetric));
        Assert.Equal((int)ProxyStatus.BadArgument, Status("(call $define_metric (i32.const 5) (i32.const 1000) (i32.const 1) (i32.const 100))", Imports.DefineMetric));
    }

    [Fact]
    public void AnUnknownEffectiveContextIsABadArgument()
    {
        Assert.Equal((int)ProxyStatus.BadArgument, Status("(call $set_effective_context (i32.const 999))", Imports.SetEffectiveContext));
    }

    private static byte[] PausingModule(string onTick) => TestModule.Build($$"""
        (global $stream (mut i32) (i32.const 0))
        (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
          (if (local.get $parent) (then (global.set $stream (local.get $id)))))
        (func (export "proxy_on_configure") (param i32 i32) (result i32)
          (drop (call $set_tick (i32.const 3600000)))
          (i32.const 1))
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 1))
        (func (export "proxy_on_tick") (param i32)
          (drop (call $set_effective_context (global.get $stream)))
          {{onTick}})
        """, Imports.All(Imports.SetTick, Imports.SetEffectiveContext, Imports.ContinueStream, Imports.CloseStream));

    [Fact]
    public async Task APausedStreamResumesWhenTheFilterContinuesIt()
    {
        using var host = FilterHost.Load(PausingModule("(drop (call $continue_stream (i32.const 0)))"), options: new FilterHostOptions { PoolSize = 1 });
        using var stream = host.CreateStream();

        Assert.Equal(FilterAction.Pause, stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true).Action);
        var resumed = stream.WaitForResumeAsync(CancellationToken.None);
        Assert.False(resumed.IsCompleted);
        host.TickNow();

        Assert.Equal(FilterAction.Continue, (await resumed.WaitAsync(TimeSpan.FromSeconds(5))).Action);
    }

    [Fact]
    public async Task APausedStreamFailsWhenTheFilterClosesIt()
    {
        using var host = FilterHost.Load(PausingModule("(drop (call $close_stream (i32.const 0)))"), options: new FilterHostOptions { PoolSize = 1 });
        using var stream = host.CreateStream();

        Assert.Equal(FilterAction.Pause, stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true).Action);
        host.TickNow();

        Assert.Equal(FilterAction.Fail, (await stream.WaitForResumeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Action);
        Assert.Equal(FilterAction.Fail, stream.OnResponseHeaders(HeaderMap.ForResponse(200), true).Action);
    }

    [Fact]
    public void StreamsEndWithDoneLogAndDelete()
    {
        var log = new RecordingLog();
        var module = TestModule.Build("""
            (data (i32.const 1000) "donelogdelete")
            (func (export "proxy_on_done") (param i32) (result i32)
              (drop (call $log (i32.const 2) (i32.const 1000) (i32.const 4))) (i32.const 1))
            (func (export "proxy_on_log") (param i32)
              (drop (call $log (i32.const 2) (i32.const 1004) (i32.const 3))))
            (func (export "proxy_on_delete") (param i32)
              (drop (call $log (i32.const 2) (i32.const 1007) (i32.const 6))))
            """, Imports.Log);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { Log = log.Add });

        host.CreateStream().Dispose();

        Assert.Equal(["done", "log", "delete"], log.Messages(ProxyLogLevel.Info));
    }

    [Fact]
    public void UnimplementedCallsAnswerUnimplementedAndAreReportedOnce()
    {
        var log = new RecordingLog();
        var module = TestModule.ReportingFromRequestHeaders(
            "(call $http_call (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 100) (i32.const 100))",
            Imports.HttpCall);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { Log = log.Add, PoolSize = 1 });

        for (var i = 0; i < 2; i++)
        {
            using var stream = host.CreateStream();
            Assert.Equal((int)ProxyStatus.Unimplemented, TestModule.ReportedStatus(stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h"), true)));
        }

        var warning = Assert.Single(log.Messages(ProxyLogLevel.Warn));
        Assert.Contains("env.proxy_http_call", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void StdoutAndStderrBecomeLogLines()
    {
        var log = new RecordingLog();
        var module = TestModule.ReportingFromRequestHeaders("""
            (block (result i32)
              (i32.store (i32.const 100) (i32.const 1000)) (i32.store (i32.const 104) (i32.const 6))
              (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
              (drop (call $fd_write (i32.const 2) (i32.const 100) (i32.const 1) (i32.const 108)))
              (call $fd_write (i32.const 5) (i32.const 100) (i32.const 1) (i32.const 108)))
            """, Imports.WasiFdWrite, """(data (i32.const 1000) "hello\n")""");

        var status = TestModule.ReportedStatus(Request(module, options: new FilterHostOptions { Log = log.Add }));

        Assert.Equal(8 /* WASI BADF for fd 5 */, status);
        Assert.Equal(["hello"], log.Messages(ProxyLogLevel.Info));
        Assert.Equal(["hello"], log.Messages(ProxyLogLevel.Error));
    }

    [Fact]
    public void WasiGivesTheFilterNoEnvironmentArgumentsOrDirectories()
    {
        const string WasiImports = """
            (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
            """;
        Environment.SetEnvironmentVariable("MESHDOCK_SECRET_FOR_TEST", "do-not-leak");

        var counts = Status("""
            (block (result i32)
              (drop (call $environ_sizes (i32.const 100) (i32.const 104)))
              (drop (call $args_sizes (i32.const 108) (i32.const 112)))
              (i32.add (i32.load (i32.const 100)) (i32.load (i32.const 108))))
            """, WasiImports);
        var preopen = Status("(call $prestat (i32.const 3) (i32.const 100))", WasiImports);

        Assert.Equal(0, counts);
        Assert.Equal(8 /* WASI BADF: no preopened directory 3 */, preopen);
    }

    [Fact]
    public void RequestTrailersCanBeReadAndAddedFromTheBody()
    {
        var module = TestModule.Build("""
            (data (i32.const 1000) "x-checksum") (data (i32.const 1020) "abc")
            (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
              (drop (call $add_value (i32.const 1) (i32.const 1000) (i32.const 10) (i32.const 1020) (i32.const 3)))
              (i32.const 0))
            (func (export "proxy_on_request_trailers") (param i32 i32) (result i32)
              (call $report (local.get 1)))
            """, Imports.AddValue);
        using var host = FilterHost.Load(module);
        using var stream = host.CreateStream();

        stream.OnRequestBody(new BodyBuffer("x"u8.ToArray()), endOfStream: true);
        Assert.Equal("abc", stream.RequestTrailers?.Get("x-checksum"));

        using var withTrailers = host.CreateStream();
        Assert.Equal(2, TestModule.ReportedStatus(withTrailers.OnRequestTrailers(new HeaderMap([new("x-one", "1"), new("x-two", "2")]))));
    }

    private static byte[] PropertyEcho(string path)
    {
        var encoded = path.Replace("\0", "\\00", StringComparison.Ordinal);
        return TestModule.ReportingFromRequestHeaders($$"""
            (block (result i32)
              (global.set $status (call $get_property (i32.const 1000) (i32.const {{Encoding.UTF8.GetByteCount(path)}}) (i32.const 100) (i32.const 104)))
              (if (i32.eqz (global.get $status)) (then
                (drop (call $add_value (i32.const 0) (i32.const 1200) (i32.const 6) (i32.load (i32.const 100)) (i32.load (i32.const 104))))))
              (global.get $status))
            """, Imports.All(Imports.GetProperty, Imports.AddValue),
            $$"""(global $status (mut i32) (i32.const 0)) (data (i32.const 1000) "{{encoded}}") (data (i32.const 1200) "x-prop")""");
    }
}
