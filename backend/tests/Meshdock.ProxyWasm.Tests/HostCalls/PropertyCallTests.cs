using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Properties: what a filter reads about the request, the plugin and the node, and what it sets. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class PropertyCallTests
{
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
