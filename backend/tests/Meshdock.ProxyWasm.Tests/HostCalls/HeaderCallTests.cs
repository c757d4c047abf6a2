using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Header and trailer maps: reading, adding, replacing, removing and the ABI's serialised pairs. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class HeaderCallTests
{
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
}
