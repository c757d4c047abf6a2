using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class OpenModelTests
{
    [Fact]
    public async Task The_open_model_holds_a_modest_rate_within_one_percent()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var seconds = new List<TimelineSecond>();

        var result = await LoadRunner.RunAsync(
            Specs.For(server.Url, connections: 10, duration: TimeSpan.FromSeconds(2), rps: 1000),
            new Progress<TimelineSecond>(seconds.Add));

        Assert.InRange(result.ActualRps, 990, 1010);
        Assert.Equal(2000, result.Requests);
        Assert.Equal(0, result.Schedule!.Missed);
        Assert.True(result.Timeline.Count >= 2);
        Assert.InRange(result.Timeline[0].Rps, 950, 1050);
        Assert.True(result.Latency.P50Ms < 5, $"corrected p50 {result.Latency.P50Ms} ms against an idle loopback server");
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Cancelling_stops_within_200_ms_and_returns_the_partial_result(string engine)
    {
        await using var server = RawHttpServer.Start(async _ =>
        {
            await Task.Delay(2);
            return Reply.Ok();
        });
        using var cancel = new CancellationTokenSource();
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        var run = Engines.RunAsync(engine, Specs.For(server.Url, connections: 8, duration: TimeSpan.FromSeconds(30)), null, cancel.Token);
        // Cancel once the run is well under way (at least 700 ms and 60 answered requests): a cold process may spend
        // most of a fixed 700 ms starting the engine's threads, which is not what this test is about.
        await Task.Delay(700);
        while (server.Requests < 60 && sinceStart.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await cancel.CancelAsync();
        var result = await run;
        stopwatch.Stop();

        Assert.True(stopwatch.ElapsedMilliseconds < 200, $"took {stopwatch.ElapsedMilliseconds} ms to stop");
        Assert.True(result.Cancelled);
        Assert.True(result.Requests > 50, $"{result.Requests} requests");
        Assert.Empty(result.Errors);
        // The partial run's own length, not the 30 s asked for.
        Assert.InRange(result.DurationSeconds, 0.5, sinceStart.Elapsed.TotalSeconds);
        Assert.NotEmpty(result.Timeline);
    }

    [Fact]
    public async Task Cancelling_an_open_run_waiting_on_slow_answers_stops_too()
    {
        await using var server = RawHttpServer.Start(_ => new Reply { Bytes = [], Hang = true });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 4, duration: TimeSpan.FromSeconds(30), rps: 100), null, cancel.Token);

        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(result.Cancelled);
    }
}
