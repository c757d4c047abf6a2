using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Buffers (bodies and configurations) and local responses. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class BufferAndResponseCallTests
{
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
}
