using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Stream control: the effective context, pausing and resuming or closing a stream, and a stream's end. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class StreamCallTests
{
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
}
