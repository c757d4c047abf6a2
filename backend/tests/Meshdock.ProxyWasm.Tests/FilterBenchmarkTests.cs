using Xunit.Abstractions;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>The benchmark hook with the rate-limit filter loaded; prints the rate (see the test output).</summary>
public sealed class FilterBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void AnUnlimitedPlanRunsThousandsOfRequestsPerSecond()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { PoolSize = 2 });
        var token = RateLimitFilter.Token("erin", "Enterprise");

        var result = FilterBenchmark.Run(host, _ => RateLimitFilter.Pull(token), TimeSpan.FromSeconds(1), parallelism: 2);

        output.WriteLine($"{result.Calls} requests in {result.Elapsed.TotalMilliseconds:0} ms: {result.CallsPerSecond:0}/s, {result.MeanMicroseconds:0.0} µs each, {result.CpuMicrosecondsPerCall:0.0} µs of CPU each");
        Assert.Equal(result.Calls, result.Outcomes[FilterAction.Continue]);
        // far below what a laptop core does (tens of thousands), so a busy CI machine cannot fail it, yet a host that
        // recompiled or re-instantiated per request would
        Assert.True(result.CallsPerSecond > 2_000, $"only {result.CallsPerSecond:0} requests per second");
    }

    [Fact]
    public void TheHostsOwnCostPerRequestIsMicroseconds()
    {
        // every lifecycle callback exported, none doing anything: what remains is the host
        var module = TestModule.Build("""
            (func (export "proxy_on_context_create") (param i32 i32))
            (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 0))
            (func (export "proxy_on_done") (param i32) (result i32) (i32.const 1))
            (func (export "proxy_on_log") (param i32))
            (func (export "proxy_on_delete") (param i32))
            """);
        using var host = FilterHost.Load(module, options: new FilterHostOptions { PoolSize = 1 });

        var result = FilterBenchmark.Run(host, _ => HeaderMap.ForRequest("GET", "/", "h"), TimeSpan.FromSeconds(1));

        output.WriteLine($"no-op filter: {result.CallsPerSecond:0}/s, {result.CpuMicrosecondsPerCall:0.0} µs of CPU each");
        Assert.Equal(result.Calls, result.Outcomes[FilterAction.Continue]);
        Assert.True(result.CpuMicrosecondsPerCall < 200, $"{result.CpuMicrosecondsPerCall:0.0} µs of CPU per request");
    }

    [Fact]
    public void UnderLoadTheLimitStillHoldsAcrossInstances()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { PoolSize = 2 });
        var token = RateLimitFilter.Token("bob", "Personal");
        Assert.Equal(FilterAction.Continue, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Action); // creates the counter

        var result = FilterBenchmark.Run(host, _ => RateLimitFilter.Pull(token), TimeSpan.FromMilliseconds(500), parallelism: 2);

        Assert.Equal(9, result.Outcomes[FilterAction.Continue]);
        Assert.Equal(result.Calls - 9, result.Outcomes[FilterAction.LocalResponse]);
    }
}
