using Meshdock.Load.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Meshdock.Load.Tests.Http2;

/// <summary>Meshdock's HTTP/2 client against real servers: Kestrel and nginx, h2c and TLS, one and many streams.</summary>
public sealed class Http2EngineTests
{
    [Theory]
    [InlineData("event-loop", 1)]
    [InlineData("event-loop", 10)]
    [InlineData("async", 1)]
    [InlineData("async", 10)]
    public async Task H2c_counts_match_kestrels_in_the_closed_model(string engine, int streams)
    {
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2);
        var spec = Specs.For(server.Url(), connections: 3, requests: 2000) with { Protocol = HttpProtocol.Http2, Streams = streams };

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.Equal(2000, result.StatusCodes[200]);
        Assert.Equal(2000, server.Http2Requests);
        Assert.True(result.BytesSent > 2000 && result.BytesReceived > 2000);
    }

    [Fact]
    public async Task Tls_with_alpn_and_several_streams_counts_match_kestrels()
    {
        using var certificates = new TestCertificates();
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2, certificates.Server);
        var spec = Specs.For(server.Url("https"), connections: 2, requests: 1000) with
        {
            Protocol = HttpProtocol.Http2, Streams = 8, CaCertificatePem = certificates.CaPem,
        };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(1000, result.StatusCodes[200]);
        Assert.Equal(1000, server.Http2Requests);
    }

    [Fact]
    public async Task Open_model_with_streams_keeps_the_schedule_per_stream()
    {
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2);
        var spec = Specs.For(server.Url(), connections: 2, duration: TimeSpan.FromSeconds(1), rps: 400) with { Protocol = HttpProtocol.Http2, Streams = 4 };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(400, result.Requests);
        Assert.Equal(server.Requests, result.Requests);
        Assert.Equal(400, result.Schedule!.Scheduled);
        Assert.Equal(0, result.Schedule.Missed);
    }

    [Theory]
    [InlineData("event-loop", 1)]
    [InlineData("event-loop", 10)]
    [InlineData("async", 10)]
    public async Task Nginx_closing_after_100_requests_with_goaway_does_not_end_the_run(string engine, int streams)
    {
        await using var nginx = await NginxTarget.StartAsync(keepaliveRequests: 100);
        var spec = Specs.For(nginx.Url, connections: 4, requests: 3000) with { Protocol = HttpProtocol.Http2, Streams = streams };

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.Equal(3000, result.StatusCodes[200]);
        Assert.Equal(3000, nginx.Count("HTTP/2.0", 200));
        Assert.Equal(3000, nginx.AccessLog().Count);
    }

    [Fact]
    public async Task Nginx_over_tls_counts_match_its_access_log()
    {
        using var certificates = new TestCertificates();
        await using var nginx = await NginxTarget.StartAsync(keepaliveRequests: 1000, certificates);
        var spec = Specs.For(nginx.Url, connections: 2, requests: 1500) with
        {
            Protocol = HttpProtocol.Http2, Streams = 4, CaCertificatePem = certificates.CaPem,
        };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(1500, result.StatusCodes[200]);
        Assert.Equal(1500, nginx.Count("HTTP/2.0", 200));
    }

    [Theory]
    [InlineData("event-loop")]
    [InlineData("async")]
    public async Task Nginx_timed_run_counts_match_its_access_log(string engine)
    {
        await using var nginx = await NginxTarget.StartAsync(keepaliveRequests: 1000);
        var spec = Specs.For(nginx.Url, connections: 4, duration: TimeSpan.FromSeconds(1)) with { Protocol = HttpProtocol.Http2, Streams = 5 };

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.True(result.Requests > 100);
        Assert.Equal(result.Requests, nginx.Count("HTTP/2.0", 200));
    }
}
