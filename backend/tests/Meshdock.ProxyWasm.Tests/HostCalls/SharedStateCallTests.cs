using System.Text;
using Meshdock.ProxyWasm.Abi;
using static Meshdock.ProxyWasm.Tests.HostCalls.HostCall;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>Shared data, ticks and metrics: the state a filter keeps beyond one stream. Each host call is exercised by a small module written in WebAssembly text.</summary>
public sealed class SharedStateCallTests
{
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
}
