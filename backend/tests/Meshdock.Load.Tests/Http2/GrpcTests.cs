using Meshdock.Load.Smp;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests.Http2;

/// <summary>gRPC unary load: the standard health check against a real gRPC server, counted by grpc-status.</summary>
public sealed class GrpcTests
{
    [Theory]
    [InlineData("event-loop", 1)]
    [InlineData("event-loop", 4)]
    [InlineData("async", 4)]
    public async Task Health_checks_are_counted_by_grpc_status(string engine, int streams)
    {
        await using var server = await GrpcHealthTarget.StartAsync();
        var spec = Specs.For(server.Url(), connections: 2, requests: 800) with { Streams = streams };

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.Empty(result.StatusCodes);
        Assert.Equal(800, result.GrpcStatusCodes["OK"]);
        Assert.Equal(800, server.Calls);
        Assert.Equal(800, result.Latency.Count);
    }

    [Fact]
    public async Task A_status_other_than_ok_is_a_counted_failure_named_as_grpc_names_it()
    {
        await using var server = await GrpcHealthTarget.StartAsync(serving: false);
        var spec = Specs.For(server.Url(), connections: 1, requests: 50);
        var progress = new List<TimelineSecond>();

        var result = await LoadRunner.RunAsync(spec, new Progress<TimelineSecond>(progress.Add));

        Assert.Empty(result.Errors);
        Assert.Equal(50, result.GrpcStatusCodes["NOT_FOUND"]);
        Assert.False(result.GrpcStatusCodes.ContainsKey("OK"));
        Assert.Equal(50, result.Timeline.Sum(s => s.Errors));
    }

    [Fact]
    public async Task Grpcs_goes_over_tls_with_alpn()
    {
        using var certificates = new TestCertificates();
        await using var server = await GrpcHealthTarget.StartAsync(certificate: certificates.Server);
        var spec = Specs.For(server.Url("grpcs"), connections: 2, requests: 300) with { Streams = 3, CaCertificatePem = certificates.CaPem };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(300, result.GrpcStatusCodes["OK"]);
        Assert.Equal(300, server.Calls);
    }

    [Fact]
    public async Task The_open_model_holds_its_rate_for_grpc_and_smp_says_grpc()
    {
        await using var server = await GrpcHealthTarget.StartAsync();
        var spec = Specs.For(server.Url(), connections: 2, duration: TimeSpan.FromSeconds(1), rps: 200) with { Streams = 2 };

        var result = await LoadRunner.RunAsync(spec);
        var smp = SmpExport.FromResult(result, new SmpExportContext { Id = "run-1" });

        Assert.Equal(200, result.GrpcStatusCodes["OK"]);
        Assert.Equal(200, server.Calls);
        Assert.Equal(SmpProtocol.Grpc, Assert.Single(smp.Clients).Protocol);
    }

    [Theory]
    [InlineData("grpc://127.0.0.1/grpc.health.v1.Health/Check", "has no port")]
    [InlineData("grpc://127.0.0.1:50051/helloworld.Greeter/SayHello", "only the standard health check")]
    [InlineData("grpc://127.0.0.1:50051/Check", "does not name a method")]
    [InlineData("grpc://127.0.0.1:50051/grpc.health.v1.Health/Check?x=1", "query")]
    public void Grpc_urls_are_checked_with_a_sentence_naming_the_problem(string url, string expected)
    {
        var errors = LoadSpecValidator.Validate(Specs.For(url, connections: 1, requests: 1));

        var error = Assert.Single(errors);
        Assert.Equal("urls[0]", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grpc_and_http_targets_do_not_mix()
    {
        var spec = Specs.For("http://127.0.0.1:8080/", connections: 2, requests: 1) with
        {
            Urls = ["http://127.0.0.1:8080/", "grpc://127.0.0.1:50051/grpc.health.v1.Health/Check"],
        };

        Assert.Contains(LoadSpecValidator.Validate(spec), e => e.Field == "urls" && e.Message.Contains("Mix of gRPC and HTTP", StringComparison.Ordinal));
    }
}
