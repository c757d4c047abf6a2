using Meshdock.Load.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Meshdock.Load.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task Http2_cleartext_sends_every_request_over_h2c()
    {
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2);
        var spec = Specs.For(server.Url(), connections: 2, requests: 300) with { Protocol = HttpProtocol.Http2 };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(300, result.StatusCodes[200]);
        Assert.Equal(300, server.Http2Requests);
        Assert.True(result.BytesReceived > 0 && result.BytesSent > 0);
    }

    [Fact]
    public async Task Http2_open_model_counts_what_the_server_received()
    {
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2);
        var spec = Specs.For(server.Url(), connections: 4, duration: TimeSpan.FromSeconds(1), rps: 200) with { Protocol = HttpProtocol.Http2 };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Equal(server.Requests, result.Requests);
        Assert.Equal(200, result.Requests);
    }

    [Theory]
    [InlineData(HttpProtocol.Http1)]
    [InlineData(HttpProtocol.Http2)]
    public async Task Tls_with_skip_verify_accepts_an_untrusted_certificate(HttpProtocol protocol)
    {
        using var certificates = new TestCertificates();
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http1AndHttp2, certificates.Server);
        var spec = Specs.For(server.Url("https"), connections: 2, requests: 100) with { Protocol = protocol, InsecureSkipVerify = true };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(100, result.StatusCodes[200]);
        Assert.Equal(protocol == HttpProtocol.Http2 ? 100 : 0, server.Http2Requests);
    }

    [Theory]
    [InlineData(HttpProtocol.Http1)]
    [InlineData(HttpProtocol.Http2)]
    public async Task Tls_trusts_a_given_ca_and_rejects_the_server_without_it(HttpProtocol protocol)
    {
        using var certificates = new TestCertificates();
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http1AndHttp2, certificates.Server);
        var trusted = Specs.For(server.Url("https"), connections: 1, requests: 20) with { Protocol = protocol, CaCertificatePem = certificates.CaPem };
        var untrusted = trusted with { CaCertificatePem = null };

        var ok = await LoadRunner.RunAsync(trusted);
        var rejected = await LoadRunner.RunAsync(untrusted);

        Assert.Empty(ok.Errors);
        Assert.Equal(20, ok.StatusCodes[200]);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal(ErrorKind.Tls, error.Kind);
        Assert.Equal(20, error.Count);
        Assert.Equal(0, rejected.Responses);
    }
}
