using System.Diagnostics;
using System.Text;
using Meshdock.ProxyWasm.Abi;
using Wasmtime;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>Filters that misbehave: the request fails with a sentence, the host never crashes and keeps serving.</summary>
public sealed class FailureTests
{
    /// <summary>Misbehaves (the given instructions) only on requests carrying <c>x-misbehave</c>; reports 200 otherwise.</summary>
    private static byte[] MisbehavingOnRequest(string instructions, string imports = "") => TestModule.Build($$"""
        (data (i32.const 1000) "x-misbehave")
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (if (i32.eqz (call $get_value (i32.const 0) (i32.const 1000) (i32.const 11) (i32.const 100) (i32.const 104)))
            (then {{instructions}}))
          (call $report (i32.const 0)))
        """, Imports.All(Imports.GetValue, imports));

    private static HeaderMap Misbehave() => HeaderMap.ForRequest("GET", "/", "h", headers: [new("x-misbehave", "1")]);

    private static HeaderMap Behave() => HeaderMap.ForRequest("GET", "/", "h");

    private static FilterResult Send(FilterHost host, HeaderMap headers)
    {
        using var stream = host.CreateStream();
        return stream.OnRequestHeaders(headers, endOfStream: true);
    }

    [Fact]
    public void ATrapFailsThatRequestAndTheHostKeepsServing()
    {
        var log = new RecordingLog();
        using var host = FilterHost.Load(MisbehavingOnRequest("unreachable"), options: new FilterHostOptions { PoolSize = 1, Log = log.Add });

        Assert.Equal(0, TestModule.ReportedStatus(Send(host, Behave())));
        var failed = Send(host, Misbehave());
        var after = Enumerable.Range(0, 3).Select(_ => Send(host, Behave())).ToList();

        Assert.Equal(FilterAction.Fail, failed.Action);
        Assert.Equal("The filter trapped in proxy_on_request_headers (wasm `unreachable` instruction executed).", failed.Failure);
        Assert.Equal([failed.Failure], log.Messages(ProxyLogLevel.Error));
        Assert.All(after, r => Assert.Equal(0, TestModule.ReportedStatus(r)));
        Assert.Equal(2, host.InstancesStarted); // the broken instance was replaced
    }

    [Fact]
    public void AFilterThatNeverReturnsIsStoppedAtItsDeadline()
    {
        using var host = FilterHost.Load(MisbehavingOnRequest("(loop $forever (br $forever))"),
            options: new FilterHostOptions { PoolSize = 1, CallTimeout = TimeSpan.FromMilliseconds(200) });

        var clock = Stopwatch.StartNew();
        var stopped = Send(host, Misbehave());
        clock.Stop();

        Assert.Equal(FilterAction.Fail, stopped.Action);
        Assert.Equal("The filter did not return from proxy_on_request_headers within 200 ms and was stopped: look for an endless loop in the filter.", stopped.Failure);
        // Without the deadline the call never returns; the upper bound only leaves room for a busy CI machine
        // (the first call also instantiates the module), the exact deadline is checked by the failure sentence.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
        Assert.Equal(0, TestModule.ReportedStatus(Send(host, Behave())));
    }

    [Fact]
    public void OtherStreamsOnTheBrokenInstanceFailWithItsReason()
    {
        using var host = FilterHost.Load(MisbehavingOnRequest("unreachable"), options: new FilterHostOptions { PoolSize = 1 });
        using var inFlight = host.CreateStream();

        var failed = Send(host, Misbehave());
        var later = inFlight.OnRequestHeaders(Behave(), true);

        Assert.Equal((FilterAction.Fail, failed.Failure), (later.Action, later.Failure));
    }

    [Fact]
    public async Task ConcurrentTrapsOnlyFailTheirOwnRequests()
    {
        using var host = FilterHost.Load(MisbehavingOnRequest("unreachable"), options: new FilterHostOptions { PoolSize = 4 });

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
            Enumerable.Range(0, 50).Select(i => (Crash: i % 10 == 3, Result: Send(host, i % 10 == 3 ? Misbehave() : Behave()))).ToList())));

        var all = results.SelectMany(r => r).ToList();
        Assert.All(all.Where(r => r.Crash), r => Assert.Equal(FilterAction.Fail, r.Result.Action));
        // a request that did not crash fails only if its stream was bound to an instance that another thread crashed
        // while it was in flight: at most 3 such victims for each of the 20 crashes, and they fail with the trap's reason
        var victims = all.Where(r => !r.Crash && r.Result.Action != FilterAction.LocalResponse).ToList();
        Assert.InRange(victims.Count, 0, 60);
        Assert.All(victims, r => Assert.StartsWith("The filter trapped in proxy_on_request_headers", r.Result.Failure, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> OutOfBoundsCalls => new()
    {
        { "(call $log (i32.const 2) (i32.const -100) (i32.const 10))", Imports.Log },
        { "(call $get_time (i32.const 2147483647))", Imports.GetTime },
        { "(call $get_value (i32.const 0) (i32.const 1000) (i32.const 11) (i32.const 131072) (i32.const 104))", Imports.GetValue },
        { "(call $get_value (i32.const 0) (i32.const 131071) (i32.const 4) (i32.const 100) (i32.const 104))", Imports.GetValue },
        { "(call $add_value (i32.const 0) (i32.const 1000) (i32.const 4) (i32.const 1000) (i32.const 2147483647))", Imports.AddValue },
        { "(call $get_pairs (i32.const 0) (i32.const -4) (i32.const 104))", Imports.GetPairs },
        { "(call $set_pairs (i32.const 0) (i32.const 130000) (i32.const 5000))", Imports.SetPairs },
        { "(call $map_size (i32.const 0) (i32.const 131069))", Imports.MapSize },
        { "(call $get_buffer (i32.const 7) (i32.const 0) (i32.const 10) (i32.const 100) (i32.const -1))", Imports.GetBufferBytes },
        { "(call $set_shared (i32.const 1000) (i32.const 1) (i32.const 131070) (i32.const 10) (i32.const 0))", Imports.SetShared },
        { "(call $get_shared (i32.const 1000) (i32.const 1) (i32.const 100) (i32.const 104) (i32.const 131072))", Imports.GetShared },
        { "(call $get_property (i32.const -1) (i32.const 2) (i32.const 100) (i32.const 104))", Imports.GetProperty },
        { "(call $define_metric (i32.const 0) (i32.const 1000) (i32.const 1) (i32.const 200000))", Imports.DefineMetric },
        { "(call $send_local_response (i32.const 200) (i32.const 0) (i32.const 0) (i32.const 140000) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const -1))", "" },
    };

    [Theory]
    [MemberData(nameof(OutOfBoundsCalls))]
    public void OutOfBoundsPointersAreInvalidMemoryAccessNeverACrash(string call, string import)
    {
        using var host = FilterHost.Load(TestModule.ReportingFromRequestHeaders(call, import, """(data (i32.const 1000) "x-misbehave")"""), "config");

        Assert.Equal((int)ProxyStatus.InvalidMemoryAccess, TestModule.ReportedStatus(Send(host, Behave())));
        Assert.Equal(1, host.InstancesStarted);
    }

    [Fact]
    public void MemoryCannotGrowPastTheLimit()
    {
        using var host = FilterHost.Load(TestModule.ReportingFromRequestHeaders("(memory.grow (i32.const 100))"),
            options: new FilterHostOptions { MaxMemoryBytes = 1024 * 1024 });

        Assert.Equal(-1, TestModule.ReportedStatus(Send(host, Behave())));
    }

    [Fact]
    public void ProcExitFailsTheRequest()
    {
        using var host = FilterHost.Load(MisbehavingOnRequest("(call $proc_exit (i32.const 3))", Imports.WasiProcExit));

        var result = Send(host, Misbehave());

        Assert.Equal("The filter exited (proc_exit(3)) in proxy_on_request_headers; filters must return instead of exiting.", result.Failure);
    }

    [Fact]
    public void AnUnknownImportFailsToLoadWithTheValidatorsSentence()
    {
        var module = TestModule.Build("", """(import "env" "foo" (func (param i32) (result i32)))""");

        var error = Assert.Throws<FilterLoadException>(() => FilterHost.Load(module));

        Assert.Contains("env.foo is not a proxy-wasm ABI 0.2.1 host function", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingMarkerFailsToLoad()
    {
        var error = Assert.Throws<FilterLoadException>(() => FilterHost.Load(TestModule.Build("", marker: "no_marker")));

        Assert.StartsWith("The module exports no proxy-wasm ABI marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBytesFailToLoad()
    {
        var bytes = new byte[512];
        new Random(3).NextBytes(bytes);

        Assert.Throws<FilterLoadException>(() => FilterHost.Load(bytes));
    }

    [Fact]
    public void ATrapWhileStartingFailsToLoad()
    {
        var module = TestModule.Build("""(func (export "proxy_on_vm_start") (param i32 i32) (result i32) unreachable)""");

        var error = Assert.Throws<FilterLoadException>(() => FilterHost.Load(module));

        Assert.StartsWith("The filter trapped in proxy_on_vm_start (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStartThatNeverReturnsIsStopped()
    {
        var module = TestModule.Build("""(func (export "proxy_on_configure") (param i32 i32) (result i32) (loop $forever (br $forever)) (i32.const 1))""");

        var error = Assert.Throws<FilterLoadException>(() => FilterHost.Load(module, options: new FilterHostOptions { StartTimeout = TimeSpan.FromMilliseconds(100) }));

        Assert.Equal("The filter did not return from proxy_on_configure within 100 ms and was stopped: look for an endless loop in the filter.", error.Message);
    }

    [Fact]
    public void AModuleImportingEveryKnownHostFunctionLinks()
    {
        var imports = new StringBuilder();
        foreach (var function in HostFunctionCatalog.For(ProxyAbiVersion.V021).Values)
        {
            var signature = function.Signature ?? ">i";
            var parts = signature.Split('>');
            var parameters = string.Join(' ', parts[0].Select(c => c == 'I' ? "i64" : "i32"));
            var results = string.Join(' ', parts[1].Select(c => c == 'I' ? "i64" : "i32"));
            imports.AppendLine(function.Name == "proxy_send_local_response"
                ? ""
                : $"""(import "env" "{function.Name}" (func (param {parameters}) (result {results})))""");
        }

        imports.AppendLine("""
            (import "wasi_snapshot_preview1" "environ_sizes_get" (func (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
            (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
            (import "wasi_unstable" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
            """);
        var module = TestModule.ReportingFromRequestHeaders("(i32.const 0)", imports.ToString());

        using var host = FilterHost.Load(module);

        Assert.Equal(0, TestModule.ReportedStatus(Send(host, Behave())));
    }

    [Fact]
    public void ACommandModuleWhoseStartExitsWithZeroLoads()
    {
        var module = Module.ConvertText($$"""
            (module
              {{TestModule.SendLocalResponse}}
              {{Imports.WasiProcExit}}
              (memory (export "memory") 1)
              (func (export "malloc") (param i32) (result i32) (i32.const 4096))
              (func (export "_start") (call $proc_exit (i32.const 0)))
              (func (export "proxy_abi_version_0_2_0"))
              (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
                (drop (call $send_local_response (i32.const 204) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)))
                (i32.const 1)))
            """);
        using var host = FilterHost.Load(module);

        Assert.Equal(204, Send(host, Behave()).Response?.StatusCode);
    }

    [Fact]
    public void AnAbi010FilterRunsWithItsOwnCallbackShapes()
    {
        var module = Module.ConvertText($$"""
            (module
              {{TestModule.SendLocalResponse}}
              (import "env" "proxy_continue_request" (func $continue_request))
              (import "env" "proxy_get_configuration" (func $get_configuration (param i32 i32) (result i32)))
              (memory (export "memory") 2)
              (func (export "malloc") (param i32) (result i32) (i32.const 4096))
              (func (export "_start"))
              (func (export "proxy_abi_version_0_1_0"))
              (func (export "proxy_on_request_headers") (param i32 i32) (result i32)
                (call $continue_request)
                (drop (call $get_configuration (i32.const 100) (i32.const 104)))
                (drop (call $send_local_response (i32.const 200) (i32.const 0) (i32.const 0)
                  (i32.load (i32.const 100)) (i32.load (i32.const 104)) (i32.const 0) (i32.const 0) (i32.const -1)))
                (i32.const 1)))
            """);
        using var host = FilterHost.Load(module, "plugin config", new FilterHostOptions { VmConfiguration = "vm config" });

        var result = Send(host, Behave());

        Assert.Equal(ProxyAbiVersion.V010, host.Module.AbiVersion);
        // Envoy answers the plugin configuration only while the root context is configured, the VM's at other times
        Assert.Equal("vm config", Encoding.UTF8.GetString(result.Response!.Body.Span));
    }
}
