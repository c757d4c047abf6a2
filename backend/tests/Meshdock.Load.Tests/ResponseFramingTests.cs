using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

/// <summary>The HTTP/1.1 client copes with every way a server frames a response or ends a connection.</summary>
public sealed class ResponseFramingTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Chunked_responses_with_extensions_and_trailers_are_read_completely(string engine)
    {
        await using var server = RawHttpServer.Start(_ => Reply.Chunked("hello ", new string('x', 5000), "end"));

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 2, requests: 300));

        Assert.Empty(result.Errors);
        Assert.Equal(300, result.StatusCodes[200]);
        Assert.Equal(300, server.Requests);
        Assert.Equal(2, server.Connections); // keep-alive held: the chunked body was consumed exactly
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Connection_close_on_every_response_reconnects_for_each_request(string engine)
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok(connectionClose: true));

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 2, requests: 200));

        Assert.Empty(result.Errors);
        Assert.Equal(200, result.StatusCodes[200]);
        Assert.Equal(200, server.Requests);
        Assert.InRange(server.Connections, 200, 202); // one per request, plus pre-connected ones never used again
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_server_that_announces_close_every_n_requests_is_followed_without_errors(string engine)
    {
        // nginx's keepalive_requests: the 10th response on a connection says Connection: close.
        await using var server = RawHttpServer.Start(r => Reply.Ok(connectionClose: r.OnConnection == 10));

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 3, requests: 500));

        Assert.Empty(result.Errors);
        Assert.Equal(500, result.Requests);
        Assert.Equal(500, server.Requests);
        Assert.InRange(server.Connections, 50, 53);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_keep_alive_connection_the_server_silently_dropped_is_retried_once_on_a_new_one(string engine)
    {
        // After 5 answers the server closes without saying so; the client only notices on its next request.
        await using var server = RawHttpServer.Start(r => r.OnConnection == 5 ? Reply.Ok() with { Close = true } : Reply.Ok());

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 1, requests: 50));

        Assert.Empty(result.Errors);
        Assert.Equal(50, result.Requests);
        Assert.Equal(50, server.Requests);
        Assert.Equal(10, server.Connections);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_body_delimited_by_close_is_read_to_the_end(string engine)
    {
        await using var server = RawHttpServer.Start(_ => new Reply
        {
            Bytes = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"u8.ToArray(),
            Close = true,
        });

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 1, requests: 20));

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.StatusCodes[200]);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Status_codes_are_counted_per_code(string engine)
    {
        await using var server = RawHttpServer.Start(r => new Reply
        {
            Bytes = System.Text.Encoding.ASCII.GetBytes(r.Number % 4 == 0
                ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
                : "HTTP/1.1 204 No Content\r\n\r\n"),
        });

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 1, requests: 100));

        Assert.Equal(75, result.StatusCodes[204]);
        Assert.Equal(25, result.StatusCodes[503]);
        Assert.Equal(25, result.Timeline.Sum(s => s.Errors));
    }
}
