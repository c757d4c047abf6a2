using System.Net;
using System.Net.Sockets;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class ErrorTests
{
    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_closed_port_is_reported_as_connection_refused(string engine)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Engines.RunAsync(engine, Specs.For($"http://127.0.0.1:{port}/", connections: 2, requests: 20));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.ConnectRefused, error.Kind);
        Assert.Equal(20, error.Count);
        Assert.Contains($"127.0.0.1:{port}", error.FirstMessage, StringComparison.Ordinal);
        Assert.Equal(20, result.Requests);
        Assert.Equal(0, result.Responses);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_server_that_never_answers_produces_timeouts(string engine)
    {
        await using var server = RawHttpServer.Start(_ => new Reply { Bytes = [], Hang = true });
        var spec = Specs.For(server.Url, connections: 2, requests: 4) with { Timeout = TimeSpan.FromMilliseconds(200) };

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Engines.RunAsync(engine, spec);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.Timeout, error.Kind);
        Assert.Equal(4, error.Count);
        Assert.Contains("200 ms", error.FirstMessage, StringComparison.Ordinal);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 350, 2000);
        Assert.Equal(4, server.Requests);
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task A_server_that_resets_connections_produces_reset_errors(string engine)
    {
        await using var server = RawHttpServer.Start(r => r.Number % 2 == 0 ? new Reply { Bytes = [], Reset = true } : Reply.Ok());

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 1, requests: 40));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorKind.Reset, error.Kind);
        Assert.InRange(error.Count, 15, 20);
        Assert.Equal(40, result.Requests);
        Assert.Equal(result.Requests - error.Count, result.StatusCodes[200]);
    }

    [Fact]
    public async Task An_unresolvable_host_fails_before_the_run_with_a_sentence()
    {
        var error = await Assert.ThrowsAsync<LoadTargetException>(() =>
            LoadRunner.RunAsync(Specs.For("http://no-such-host.invalid/", connections: 1, requests: 1)));
        Assert.Contains("no-such-host.invalid", error.Message, StringComparison.Ordinal);
    }
}
