using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

/// <summary>The reported request count equals what the server counted, however the run stops.</summary>
public sealed class RequestCountTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Closed_model_with_a_request_count_sends_exactly_that_many(string engine)
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 4, requests: 2000));

        Assert.Equal(2000, result.Requests);
        Assert.Equal(2000, server.Requests);
        Assert.Equal(2000, result.StatusCodes[200]);
        Assert.Empty(result.Errors);
        Assert.Equal(2000, result.Latency.Count);
        Assert.True(result.BytesSent > 2000 * 30, $"bytes sent {result.BytesSent}");
        Assert.True(result.BytesReceived > 2000 * 40, $"bytes received {result.BytesReceived}");
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Closed_model_stopped_by_duration_awaits_and_counts_requests_in_flight(string engine)
    {
        // Every answer takes 30 ms, so when the second is up each connection has a request in flight.
        await using var server = RawHttpServer.Start(async _ =>
        {
            await Task.Delay(30);
            return Reply.Ok();
        });

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 8, duration: TimeSpan.FromSeconds(1)));

        Assert.Equal(server.Requests, result.Requests);
        // About 266 on an idle machine; a busy one (or a cold thread pool in the server) may stall the server for
        // most of the second, so only at least one request a connection and no more than the second allows.
        Assert.InRange(result.Requests, 8, 400);
        Assert.Empty(result.Errors);
        Assert.Equal(1.0, result.DurationSeconds, 3);
    }

    [Fact]
    public async Task Open_model_stopped_by_duration_counts_what_the_server_received()
    {
        // Answers take 5 ms and each connection sends every 50 ms: the server keeps up, and at the end of the
        // second some requests are in flight.
        await using var server = RawHttpServer.Start(async _ =>
        {
            await Task.Delay(5);
            return Reply.Ok();
        });

        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 20, duration: TimeSpan.FromSeconds(1), rps: 400));

        Assert.Equal(server.Requests, result.Requests);
        Assert.NotNull(result.Schedule);
        Assert.Equal(400, result.Schedule.Scheduled);
        Assert.Equal(0, result.Schedule.Missed);
        Assert.Equal(400, result.Requests);
    }

    [Fact]
    public async Task Open_model_with_a_request_count_sends_exactly_that_many()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());

        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 3, requests: 301, rps: 1000));

        Assert.Equal(301, result.Requests);
        Assert.Equal(301, server.Requests);
    }

    [Fact]
    public async Task Warm_up_requests_reach_the_server_but_are_not_counted()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var spec = Specs.For(server.Url, connections: 2, requests: 100, rps: 200) with { Warmup = TimeSpan.FromMilliseconds(500) };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Equal(100, result.Requests);
        Assert.Equal(100, result.WarmupRequests);
        Assert.Equal(200, server.Requests);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Method_headers_cookies_and_body_are_sent_as_specified(string engine)
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var spec = Specs.For(server.Url, connections: 1, requests: 3) with
        {
            Method = "POST",
            Headers = new Dictionary<string, string> { ["X-Run"] = "abc" },
            Cookies = new Dictionary<string, string> { ["session"] = "s1", ["theme"] = "dark" },
            Body = "{\"n\":1}",
            ContentType = "application/json",
        };

        await Engines.RunAsync(engine, spec);

        var head = server.Log[0].Head;
        Assert.StartsWith("POST /test?q=1 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"Host: 127.0.0.1:{server.Port}", head, StringComparison.Ordinal);
        Assert.Contains("X-Run: abc", head, StringComparison.Ordinal);
        Assert.Contains("Cookie: session=s1; theme=dark", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", head, StringComparison.Ordinal);
        Assert.Equal(7, server.Log[0].BodyLength);
    }
}
