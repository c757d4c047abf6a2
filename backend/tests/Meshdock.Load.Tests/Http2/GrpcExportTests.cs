using Meshdock.Load.Fortio;
using Meshdock.Load.Smp;
using Meshdock.Load.Tests.Smp;
using Meshdock.Load.Tests.Support;
using Proto = global::Smp;

namespace Meshdock.Load.Tests.Http2;

/// <summary>A gRPC run's outcome in the formats it leaves Meshdock in: SMP keeps its gRPC codes, Fortio's refuses it.</summary>
public sealed class GrpcExportTests
{
    [Fact]
    public async Task Smp_keeps_the_grpc_codes_as_result_labels_that_the_strict_protos_read_and_import_gives_back()
    {
        await using var server = await GrpcHealthTarget.StartAsync(serving: false);
        var result = await LoadRunner.RunAsync(Specs.For(server.Url(), connections: 1, requests: 40));
        Assert.Equal(40, result.GrpcStatusCodes["NOT_FOUND"]);

        var document = SmpExport.FromResult(result, new SmpExportContext { Id = "grpc-run" });
        var json = SmpFormat.ToJson(document);
        var yaml = SmpFormat.ToYaml(document);

        var strict = StrictSmp.FromJson(json);
        Assert.Equal(Proto.PerformanceTestConfig.Types.Client.Types.Protocol.Grpc, Assert.Single(strict.Config.Clients).Protocol);
        Assert.Equal("40", strict.Result!.Labels["meshdock.io/grpc-status.NOT_FOUND"]);
        Assert.DoesNotContain(strict.Result.Labels.Keys, key => key.StartsWith("meshdock.io/http-status.", StringComparison.Ordinal));
        foreach (var text in new[] { json, yaml })
        {
            var outcome = SmpExport.OutcomeOf(SmpFormat.Parse(text))!;
            Assert.Equal(new Dictionary<string, long> { ["NOT_FOUND"] = 40 }, outcome.GrpcStatusCodes);
            Assert.Empty(outcome.StatusCodes);
            Assert.Equal(0, outcome.SocketErrors);
            Assert.Equal(40, outcome.Requests);
        }
    }

    [Fact]
    public async Task An_http_run_carries_its_statuses_and_no_grpc_codes()
    {
        await using var server = await GrpcHealthTarget.StartAsync();
        var grpc = await LoadRunner.RunAsync(Specs.For(server.Url(), connections: 1, requests: 10));
        var http = grpc with { Spec = Specs.For("http://127.0.0.1:1/", requests: 10), StatusCodes = new Dictionary<int, long> { [200] = 7, [503] = 3 } };

        var outcome = SmpExport.OutcomeOf(SmpFormat.Parse(SmpFormat.ToJson(SmpExport.FromResult(http, new SmpExportContext { Id = "http-run" }))))!;

        Assert.Null(outcome.GrpcStatusCodes);
        Assert.Equal(new Dictionary<int, long> { [200] = 7, [503] = 3 }, outcome.StatusCodes);
    }

    [Theory]
    [InlineData("PROTOCOL_GRPC", "meshdock.io/grpc-status.NOPE", "5", "names 'NOPE', which is not a gRPC status")]
    [InlineData("PROTOCOL_GRPC", "meshdock.io/grpc-status.OK", "-5", "it must be a count")]
    [InlineData("PROTOCOL_HTTP", "meshdock.io/http-status.2xx", "5", "names '2xx', which is not an HTTP status")]
    [InlineData("PROTOCOL_HTTP", "meshdock.io/grpc-status.OK", "5", "its client's protocol is not PROTOCOL_GRPC")]
    public void An_outcome_label_that_cannot_be_read_is_refused_with_a_sentence(string protocol, string label, string value, string expected)
    {
        var url = protocol == "PROTOCOL_GRPC" ? "grpc://127.0.0.1:50051/grpc.health.v1.Health/Check" : "http://127.0.0.1:8080/";
        var document = SmpFormat.Parse($$"""
            {"smp_version": "v0.6.1", "id": "t", "clients": [{"protocol": "{{protocol}}", "endpoint_urls": ["{{url}}"]}],
             "result": {"start_time": "2026-11-01T10:00:00Z", "end_time": "2026-11-01T10:00:30Z", "labels": {"{{label}}": "{{value}}"} } }
            """);

        var error = Assert.Throws<SmpFormatException>(() => SmpExport.OutcomeOf(document));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fortio_export_refuses_a_grpc_run_with_a_sentence()
    {
        await using var server = await GrpcHealthTarget.StartAsync();
        var result = await LoadRunner.RunAsync(Specs.For(server.Url(), connections: 1, requests: 10));

        Assert.Equal(FortioExport.GrpcRefusal, FortioExport.Refusal(result.Spec));
        var error = Assert.Throws<InvalidOperationException>(() => FortioExport.ToJson(result));
        Assert.Contains("no gRPC status codes", error.Message, StringComparison.Ordinal);
        Assert.Null(FortioExport.Refusal(Specs.For("http://127.0.0.1:1/", requests: 1)));
    }
}
