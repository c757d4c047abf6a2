using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Logging, the clock, WASI's standard streams and environment, and the calls Meshdock does not implement. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class LogAndTimeCallTests
{
    private static readonly DateTimeOffset FortyTwoSeconds = DateTimeOffset.UnixEpoch.AddSeconds(42);

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
}
