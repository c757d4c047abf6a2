using Meshdock.Load.Smp;
using Meshdock.Load.Tests.Smp;
using Meshdock.Load.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Proto = global::Smp;

namespace Meshdock.Load.Tests;

public sealed class SmpTests
{
    private static async Task<LoadResult> RunAsync(int? rps = 2000)
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var spec = Specs.For(server.Url, connections: 2, requests: 200, rps: rps) with
        {
            Method = "POST",
            Body = "{\"a\":1}",
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["X-Test"] = "1" },
            Cookies = new Dictionary<string, string> { ["s"] = "abc" },
        };
        return await LoadRunner.RunAsync(spec);
    }

    private static async Task<LoadResult> RunHttp2Async()
    {
        await using var server = await KestrelTarget.StartAsync(HttpProtocols.Http2);
        return await LoadRunner.RunAsync(Specs.For(server.Url(), connections: 2, requests: 100) with { Protocol = HttpProtocol.Http2 });
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
        Mesh = new SmpMesh("Istio ambient", "1.24.2")
        {
            Sidecar = new SmpMeshUsage(Count: 2, CpuMcores: 180, MemMb: 96, Rps: 1000),
            ControlPlane = new SmpMeshUsage(Count: 1, CpuMcores: 12, MemMb: 70),
        },
    };

    public static TheoryData<string> Runs => ["closed", "open", "http2"];

    private static async Task<LoadResult> RunAsync(string kind) => kind switch
    {
        "closed" => await RunAsync(rps: null),
        "open" => await RunAsync(rps: 2000),
        _ => await RunHttp2Async(),
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Every_export_parses_with_the_smp_protos_rejecting_unknown_fields(string kind)
    {
        var result = await RunAsync(kind);
        var document = SmpExport.FromResult(result, Context);

        foreach (var strict in new[] { StrictSmp.FromJson(SmpFormat.ToJson(document)), StrictSmp.FromYaml(SmpFormat.ToYaml(document), true, true) })
        {
            Assert.Equal(SmpDocument.SpecVersion, strict.Config.SmpVersion);
            Assert.Equal("run-42", strict.Config.Id);
            var client = Assert.Single(strict.Config.Clients);
            Assert.Equal(Proto.PerformanceTestConfig.Types.Client.Types.Protocol.Http, client.Protocol);
            Assert.Equal(result.Spec.Rps ?? 0, client.Rps);
            Assert.Equal(result.Spec.Urls, client.EndpointUrls);
            Assert.Equal(kind == "http2" ? "2" : "1.1", strict.Config.Labels["meshdock.io/http-version"]);

            var smpResult = strict.Result!;
            Assert.Equal(strict.Config.Id, smpResult.TestId);
            Assert.Equal(strict.Environment!.Id, smpResult.EnvId);
            Assert.Equal(strict.Mesh!.Id, smpResult.MeshConfigId);
            Assert.NotEqual(smpResult.EnvId, smpResult.MeshConfigId);
            Assert.Equal(result.Latency.P99Ms, smpResult.LatenciesMs.P99, 3);
            Assert.Equal(result.StartTime.ToUnixTimeMilliseconds(), smpResult.StartTime.ToDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.Equal("v1.31.4", strict.Environment.KubernetesVersion);
            Assert.Equal(8, strict.Environment.Nodes[0].Cores);
            Assert.Equal(Proto.ServiceMesh.Types.Type.Istio, strict.Mesh.MeshType.Type);
            Assert.Equal("1.24.2", strict.Mesh.MeshType.Version);
            Assert.Equal("Istio ambient", strict.Mesh.Labels["meshdock.io/mesh"]);
            Assert.Equal((2, 180, 96, 1000), (strict.Mesh.Sidecar.Count, strict.Mesh.Sidecar.CpuMcores, strict.Mesh.Sidecar.MemMb, strict.Mesh.Sidecar.Rps));
            Assert.Equal((1, 12, 70), (strict.Mesh.MeshControlPlane.Count, strict.Mesh.MeshControlPlane.CpuMcores, strict.Mesh.MeshControlPlane.MemMb));
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Export_then_import_then_export_gives_the_same_messages(string kind)
    {
        var document = SmpExport.FromResult(await RunAsync(kind), Context);
        var json = SmpFormat.ToJson(document);
        var yaml = SmpFormat.ToYaml(document);

        Assert.Equal(json, SmpFormat.ToJson(SmpFormat.Parse(json)));
        Assert.Equal(json, SmpFormat.ToJson(SmpFormat.Parse(yaml)));
        Assert.Equal(yaml, SmpFormat.ToYaml(SmpFormat.Parse(yaml)));
        Assert.StartsWith("---\nsmp_version: v0.6.1\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_facts_are_left_out_rather_than_filled_with_placeholders()
    {
        var document = SmpExport.FromResult(await RunAsync(), new SmpExportContext { Id = "r1" });

        var yaml = SmpFormat.ToYaml(document);
        var strict = StrictSmp.FromYaml(yaml, hasEnvironment: false, hasMesh: false);

        Assert.Equal("", strict.Result!.EnvId);
        Assert.Equal("", strict.Result.MeshConfigId);
        Assert.Equal("", strict.Result.DetailsUri);
        Assert.Equal("", strict.Config.Name);
        Assert.Equal("", strict.Config.Duration); // stopped by count: no configured duration
        Assert.DoesNotContain("env_id:", yaml, StringComparison.Ordinal);
        Assert.Contains("meshdock.io/http-version: \"1.1\"", yaml, StringComparison.Ordinal); // text that looks like a number is quoted
    }

    [Theory]
    [InlineData("Previous/export.yaml")]
    [InlineData("Previous/export.json")]
    public void The_previous_export_shape_imports_and_exports_as_smp_messages(string file)
    {
        var document = SmpFormat.Parse(Fixtures.Read("Smp/" + file));

        Assert.Equal("0193f3b2c1d47a6e9b1c2d3e4f5a6b7c", document.Id);
        Assert.Equal(SmpProtocol.Http, document.Clients[0].Protocol);
        Assert.Equal(143, document.Result!.LatenciesMs!.P99);
        Assert.Equal(1244.79, document.Result.ActualQps);
        Assert.Equal("v1.31.4", document.Environment!.KubernetesVersion);
        Assert.Equal(new SmpMesh("Istio", "1.24.2") { Id = document.Id + "-mesh" }, document.Mesh);

        var strict = StrictSmp.FromJson(SmpFormat.ToJson(document));
        Assert.Equal(document.Id, strict.Result!.TestId);
        Assert.Equal(strict.Environment!.Id, strict.Result.EnvId);
        Assert.Equal(Proto.ServiceMesh.Types.Type.Istio, strict.Mesh!.MeshType.Type);
        StrictSmp.FromYaml(SmpFormat.ToYaml(document), hasEnvironment: true, hasMesh: true);
    }

    [Fact]
    public void Messages_written_by_protojson_import_camel_case_names_string_int64_and_enum_numbers_included()
    {
        var config = new Proto.PerformanceTestConfig { SmpVersion = "v0.6.1", Id = "t1", Name = "from meshery", Duration = "30s" };
        config.Clients.Add(new Proto.PerformanceTestConfig.Types.Client
        {
            Protocol = Proto.PerformanceTestConfig.Types.Client.Types.Protocol.Http,
            Connections = 4, Rps = 100, EndpointUrls = { "http://a.example/" },
        });
        var result = new Proto.PerformanceTestResult
        {
            SmpVersion = "v0.6.1", Id = "r1", TestId = "t1", ActualQps = 99.5,
            StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2025-01-31T12:00:00Z")),
            EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2025-01-31T12:00:30Z")),
            LatenciesMs = new Proto.PerformanceTestResult.Types.Latency { Min = 1, Average = 2, P50 = 2, P90 = 3, P99 = 5, Max = 9 },
        };
        var formatter = Google.Protobuf.JsonFormatter.Default; // lowerCamelCase names, int64 as strings, enum names
        var json = $$"""{"performanceTestConfig": {{formatter.Format(config)}}, "performanceTestResult": {{formatter.Format(result)}}}""";
        Assert.Contains("\"rps\": \"100\"", json, StringComparison.Ordinal);
        Assert.Contains("\"endpointUrls\"", json, StringComparison.Ordinal);

        var document = SmpFormat.Parse(json);

        Assert.Equal(100, document.Clients[0].Rps);
        Assert.Equal(SmpProtocol.Http, document.Clients[0].Protocol);
        Assert.Equal(5, document.Result!.LatenciesMs!.P99);
        Assert.Equal("r1", document.Result.Id);
    }

    private const string Config = """
        smp_version: v0.6.1
        id: t1
        clients:
          - connections: 4
            rps: 100
            protocol: PROTOCOL_HTTP
            endpoint_urls: [http://a.example/, http://b.example/]
        duration: 30s
        """;

    private const string Result = """
        smp_version: v0.6.1
        id: r1
        test_id: t1
        start_time: 2025-01-31T12:00:00Z
        end_time: 2025-01-31T12:00:30Z
        latencies_ms: {min: 1, average: 2, p50: 2, p90: 3, p99: 5, max: 9}
        actual_qps: 99.5
        """;

    private static readonly string Valid = $"---\n{Config}\n---\n{Result}\n";

    [Theory]
    [InlineData("PROTOCOL_HTTP", SmpProtocol.Http)]
    [InlineData("1", SmpProtocol.Http)]
    [InlineData("2", SmpProtocol.Tcp)]
    [InlineData("PROTOCOL_GRPC", SmpProtocol.Grpc)]
    [InlineData("4", SmpProtocol.Grpc)]
    [InlineData("udp", SmpProtocol.Udp)]
    public void Protocols_are_read_by_proto_name_or_number(string protocol, SmpProtocol expected)
    {
        var document = SmpFormat.Parse(Valid.Replace("PROTOCOL_HTTP", protocol, StringComparison.Ordinal));
        Assert.Equal(expected, document.Clients[0].Protocol);
    }

    [Fact]
    public void A_bare_performance_test_config_imports_as_a_test_without_result()
    {
        var document = SmpFormat.Parse(Config);

        Assert.Null(document.Result);
        Assert.Equal(TimeSpan.FromSeconds(30), SmpExport.ToLoadSpec(document).Duration);
        Assert.Equal(100, SmpExport.ToLoadSpec(document).Rps);
        Assert.Single(StrictSmp.FromJson(SmpFormat.ToJson(document)).Config.Clients);
    }

    [Fact]
    public void A_result_imports_with_its_config_in_either_form()
    {
        var fromYaml = SmpFormat.Parse(Valid);
        var fromJson = SmpFormat.Parse(SmpFormat.ToJson(fromYaml));

        Assert.Equal("r1", fromYaml.Result!.Id);
        Assert.Equal(99.5, fromYaml.Result.ActualQps);
        Assert.Equal(SmpFormat.ToJson(fromYaml), SmpFormat.ToJson(fromJson));
    }

    [Theory]
    [InlineData("clients:\n  - connections: 4\n    rps: 100\n    protocol: PROTOCOL_HTTP\n    endpoint_urls: [http://a.example/, http://b.example/]\n", "", "performance_test_config.clients")]
    [InlineData("smp_version: v0.6.1\nid: t1\n", "id: t1\n", "performance_test_config.smp_version")]
    [InlineData("http://b.example/", "ftp://b.example/", "performance_test_config.clients[0].endpoint_urls[1]")]
    [InlineData("connections: 4", "connections: four", "performance_test_config.clients[0].connections")]
    [InlineData("rps: 100", "rps: -5", "performance_test_config.clients[0].rps")]
    [InlineData("PROTOCOL_HTTP", "PROTOCOL_INVALID", "performance_test_config.clients[0].protocol")]
    [InlineData("PROTOCOL_HTTP", "0", "performance_test_config.clients[0].protocol")]
    [InlineData("PROTOCOL_HTTP", "HTTP", "performance_test_config.clients[0].protocol")]
    [InlineData("duration: 30s", "duration: thirty seconds", "performance_test_config.duration")]
    [InlineData("duration: 30s", "duration: 30s\nresult: {}", "performance_test_config.result")]
    [InlineData("end_time: 2025-01-31T12:00:30Z", "end_time: 2025-01-31T11:00:00Z", "performance_test_result.end_time")]
    [InlineData("start_time: 2025-01-31T12:00:00Z", "start_time: yesterday", "performance_test_result.start_time")]
    [InlineData("p99: 5", "p99: 2.5", "performance_test_result.latencies_ms.p99")]
    [InlineData("actual_qps: 99.5", "actual_qps: fast", "performance_test_result.actual_qps")]
    [InlineData("actual_qps: 99.5", "actual_qps: 99.5\nmesh: {name: istio}", "performance_test_result.mesh")]
    [InlineData("test_id: t1", "test_id: t2", "performance_test_result.test_id")]
    [InlineData("endpoint_urls: [http://a.example/, http://b.example/]", "endpoint_urls: []", "performance_test_config.clients[0].endpoint_urls")]
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
            """{"performance_test_config": {"smp_version":"v0.6.1","clients":[{"endpoint_urls":["http://a/"],"connections":0}]}}"""));
        Assert.Equal("performance_test_config.clients[0].connections", error.Field);
        Assert.Equal("(document)", Assert.Throws<SmpFormatException>(() => SmpFormat.Parse("{\"smp_version\": ")).Field);
        Assert.Equal("result", Assert.Throws<SmpFormatException>(() => SmpFormat.Parse(
            """{"performance_test_config": {"smp_version":"v0.6.1","clients":[{"endpoint_urls":["http://a/"]}]}, "result": {}}""")).Field);
    }

    [Fact]
    public void A_result_without_its_config_is_refused_with_a_sentence()
    {
        var error = Assert.Throws<SmpFormatException>(() => SmpFormat.Parse(Result));
        Assert.Contains("PerformanceTestResult but not its PerformanceTestConfig", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"root_group": {"name": ""}, "metrics": {"http_reqs": {"count": 10, "rate": 1}}}""", "looks like a k6 summary")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n", "looks like a Kubernetes manifest (kind Deployment)")]
    [InlineData("Running 30s test @ http://127.0.0.1:8080/\n  2 threads and 10 connections\n  Thread calibration: mean lat.: 1.0ms\n  Latency Distribution (HdrHistogram - Recorded Latency)\n 50.000%    1.00ms\nRequests/sec:   1000.00\n", "looks like wrk2's text output")]
    [InlineData("Summary:\n  Total:\t1.0 secs\n  Requests/sec:\t200.0\n", "looks like hey's text output")]
    [InlineData("""{"RunType": "HTTP", "DurationHistogram": {"Count": 0}}""", "is Fortio's JSON result")]
    [InlineData("image: nginx\nreplicas: 3\n", "is not SMP")]
    public void Another_format_is_refused_with_a_sentence_naming_what_it_looks_like(string text, string expected)
    {
        var error = Assert.Throws<SmpFormatException>(() => SmpFormat.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The file ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_an_id_gets_a_content_identity_that_is_stable_and_content_sensitive()
    {
        var text = Valid.Replace("test_id: t1\n", "", StringComparison.Ordinal).Replace("id: t1\n", "", StringComparison.Ordinal);
        var first = SmpFormat.Parse(text).Identity;
        var again = SmpFormat.Parse(text).Identity;
        var other = SmpFormat.Parse(text.Replace("rps: 100", "rps: 101", StringComparison.Ordinal)).Identity;

        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
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
