using Meshdock.Load.Smp;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class SmpTests
{
    private static async Task<LoadResult> RunAsync()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var spec = Specs.For(server.Url, connections: 2, requests: 200, rps: 2000) with
        {
            Method = "POST",
            Body = "{\"a\":1}",
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["X-Test"] = "1" },
            Cookies = new Dictionary<string, string> { ["s"] = "abc" },
        };
        return await LoadRunner.RunAsync(spec);
    }

    private static readonly SmpExportContext Context = new()
    {
        Id = "run-42",
        Name = "httpbin through istio",
        Labels = new Dictionary<string, string> { ["team"] = "platform" },
        DetailsUri = "http://127.0.0.1:7788/api/perf/runs/run-42",
        Environment = new SmpEnvironment
        {
            KubernetesVersion = "v1.31.4",
            Nodes = [new SmpNode { Cores = 8, MemMb = 7_953 }],
        },
        Mesh = new SmpMesh("istio", "1.24.2"),
    };

    [Fact]
    public async Task A_run_exported_as_yaml_and_json_reads_back_to_the_same_document()
    {
        var result = await RunAsync();
        var document = SmpExport.FromResult(result, Context);

        var yaml = SmpFormat.ToYaml(document);
        var json = SmpFormat.ToJson(document);
        var fromYaml = SmpFormat.Parse(yaml);
        var fromJson = SmpFormat.Parse(json);

        Assert.Equal(json, SmpFormat.ToJson(fromYaml));
        Assert.Equal(json, SmpFormat.ToJson(fromJson));
        Assert.Contains("smp_version: v0.3.4", yaml, StringComparison.Ordinal);
        Assert.Contains("latencies_ms:", yaml, StringComparison.Ordinal);
        Assert.Contains("kubernetes_version: v1.31.4", yaml, StringComparison.Ordinal);
        Assert.Equal("run-42", fromYaml.Identity);
        Assert.Equal(result.Latency.P99Ms, fromYaml.Result!.LatenciesMs!.P99, 3);
        Assert.Equal(result.ActualRps, fromYaml.Result.ActualQps!.Value, 2);
        Assert.Equal(2000, fromYaml.Clients[0].Rps);
        Assert.Equal("abc", fromYaml.Clients[0].Cookies["s"]);
        Assert.Equal(new SmpMesh("istio", "1.24.2"), fromYaml.Result.Mesh);
    }

    [Fact]
    public async Task Unknown_facts_are_left_out_rather_than_filled_with_placeholders()
    {
        var result = await RunAsync();
        var document = SmpExport.FromResult(result, new SmpExportContext { Id = "r1" });

        var yaml = SmpFormat.ToYaml(document);

        Assert.DoesNotContain("environment:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("mesh:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("details_uri:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("\nname:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("\nduration:", yaml, StringComparison.Ordinal); // stopped by count: no configured duration
        Assert.Contains("meshdock.io/http-version: \"1.1\"", yaml, StringComparison.Ordinal); // text that looks like a number is quoted
    }

    [Fact]
    public async Task An_imported_document_gives_back_the_load_spec_that_produced_it()
    {
        var result = await RunAsync();
        var document = SmpFormat.Parse(SmpFormat.ToYaml(SmpExport.FromResult(result, Context)));

        var spec = SmpExport.ToLoadSpec(document);

        Assert.Equal(result.Spec.Urls, spec.Urls);
        Assert.Equal("POST", spec.Method);
        Assert.Equal(result.Spec.Body, spec.Body);
        Assert.Equal(result.Spec.ContentType, spec.ContentType);
        Assert.Equal(2000, spec.Rps);
        Assert.Equal(2, spec.Connections);
        Assert.Equal(200, spec.Requests);
        Assert.Equal(result.Spec.Timeout, spec.Timeout);
        Assert.Equal("1", spec.Headers["X-Test"]);
        Assert.Empty(LoadSpecValidator.Validate(spec));
    }

    private const string Valid = """
        smp_version: v0.3.4
        clients:
          - connections: 4
            rps: 100
            endpoint_urls: [http://a.example/, http://b.example/]
        duration: 30s
        result:
          start_time: 2025-01-31T12:00:00Z
          end_time: 2025-01-31T12:00:30Z
          latencies_ms: {min: 1, average: 2, p50: 2, p90: 3, p99: 5, max: 9}
          actual_qps: 99.5
        """;

    [Theory]
    [InlineData("  - connections: 4\n    rps: 100\n    endpoint_urls: [http://a.example/, http://b.example/]\n", "", "clients")]
    [InlineData("smp_version: v0.3.4\n", "", "smp_version")]
    [InlineData("http://b.example/", "ftp://b.example/", "clients[0].endpoint_urls[1]")]
    [InlineData("connections: 4", "connections: four", "clients[0].connections")]
    [InlineData("rps: 100", "rps: -5", "clients[0].rps")]
    [InlineData("duration: 30s", "duration: thirty seconds", "duration")]
    [InlineData("end_time: 2025-01-31T12:00:30Z", "end_time: 2025-01-31T11:00:00Z", "result.end_time")]
    [InlineData("start_time: 2025-01-31T12:00:00Z", "start_time: yesterday", "result.start_time")]
    [InlineData("p99: 5", "p99: 2.5", "result.latencies_ms.p99")]
    [InlineData("actual_qps: 99.5", "actual_qps: fast", "result.actual_qps")]
    [InlineData("endpoint_urls: [http://a.example/, http://b.example/]", "endpoint_urls: []", "clients[0].endpoint_urls")]
    [InlineData("  - connections: 4", "  - connections: [4\n", "(document)")]
    public void A_malformed_file_names_its_first_bad_field(string from, string to, string field)
    {
        var text = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, text);

        var error = Assert.Throws<SmpFormatException>(() => SmpFormat.Parse(text));

        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Json_is_checked_the_same_way()
    {
        var error = Assert.Throws<SmpFormatException>(() => SmpFormat.Parse(
            """{"smp_version":"v0.3.4","clients":[{"endpoint_urls":["http://a/"],"connections":0}]}"""));
        Assert.Equal("clients[0].connections", error.Field);
        Assert.Equal("(document)", Assert.Throws<SmpFormatException>(() => SmpFormat.Parse("{\"smp_version\": ")).Field);
    }

    [Fact]
    public void A_file_without_an_id_gets_a_content_identity_that_is_stable_and_content_sensitive()
    {
        var first = SmpFormat.Parse(Valid).Identity;
        var again = SmpFormat.Parse(Valid).Identity;
        var other = SmpFormat.Parse(Valid.Replace("rps: 100", "rps: 101", StringComparison.Ordinal)).Identity;

        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    public void Durations_use_go_syntax(string text, double seconds)
    {
        var value = SmpFormat.ParseDuration(text);
        Assert.Equal(seconds, value.TotalSeconds, 6);
        Assert.Equal(value, SmpFormat.ParseDuration(SmpFormat.FormatDuration(value)));
    }
}
