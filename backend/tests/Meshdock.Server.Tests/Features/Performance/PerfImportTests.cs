using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>POST /api/perf/runs/import with files of other tools: Fortio's JSON result, a bare SMP test config, and
/// formats it refuses by name.</summary>
public sealed class PerfImportTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private HttpClient Api => fixture.Api;

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fortio", name));

    [Fact]
    public async Task A_fortio_http_result_imports_as_a_run_with_status_codes_and_percentiles()
    {
        using var response = await ImportAsync(Fixture("http-rest-run.json"), "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("imported", run.GetProperty("source").GetString());
        Assert.Equal(40, run.GetProperty("spec").GetProperty("rps").GetInt32());
        Assert.Equal("open", run.GetProperty("spec").GetProperty("model").GetString());
        var summary = run.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("requests").GetInt64());
        Assert.Equal(4, summary.GetProperty("statusCodes").GetProperty("200").GetInt64());
        Assert.Equal(0, summary.GetProperty("errors").GetInt64());
        Assert.Equal(38.44836361217263, summary.GetProperty("actualRps").GetDouble());
        Assert.Equal(0.9216405066666668, summary.GetProperty("latency").GetProperty("p99Ms").GetDouble(), 9);
        Assert.Equal(0.930407, summary.GetProperty("latency").GetProperty("maxMs").GetDouble(), 9);

        var id = run.GetProperty("id").GetString();
        var smp = JsonDocument.Parse(await Api.GetStringAsync($"/api/perf/runs/{id}/smp?format=json")).RootElement;
        Assert.Equal("fortio X.Y.Z", smp.GetProperty("performance_test_config").GetProperty("clients")[0].GetProperty("load_generator").GetString());
        Assert.Equal(id, smp.GetProperty("performance_test_config").GetProperty("id").GetString());
        Assert.Equal(id, smp.GetProperty("performance_test_result").GetProperty("test_id").GetString());
        Assert.Equal(0.930, smp.GetProperty("performance_test_result").GetProperty("latencies_ms").GetProperty("max").GetDouble(), 9); // SMP keeps microseconds

        using var again = await ImportAsync(Fixture("http-rest-run.json"), "application/json");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_fortio_grpc_result_is_a_400_saying_only_http_runs_import()
    {
        using var response = await ImportAsync(Fixture("grpc-ping.json"), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var sentence = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("RunType")[0].GetString();
        Assert.Contains("Fortio gRPC result", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_smp_test_config_becomes_a_profile()
    {
        var name = "imported profile " + Guid.NewGuid().ToString("N")[..8];
        var config = $"""
            smp_version: v0.6.1
            name: {name}
            clients:
              - protocol: PROTOCOL_HTTP
                connections: 3
                rps: 50
                endpoint_urls: [http://productpage.bookinfo:9080/]
            duration: 20s
            """;

        using var response = await ImportAsync(config, "application/yaml");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("/api/perf/profiles/", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var stored = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/profiles/{profile.GetProperty("id").GetString()}");
        Assert.Equal(name, stored.GetProperty("name").GetString());
        Assert.Equal(50, stored.GetProperty("spec").GetProperty("rps").GetInt32());
        Assert.Equal(3, stored.GetProperty("spec").GetProperty("connections").GetInt32());
        Assert.Equal(20, stored.GetProperty("spec").GetProperty("durationSeconds").GetDouble());

        using var twice = await ImportAsync(config, "application/yaml");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Theory]
    [InlineData("""{"root_group": {"name": ""}, "metrics": {"http_reqs": {"count": 10}}}""", "k6 summary")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n", "Kubernetes manifest (kind Service)")]
    [InlineData("Running 10s test @ http://127.0.0.1/\n  Latency Distribution (HdrHistogram - Recorded Latency)\nRequests/sec: 10\n", "wrk2")]
    public async Task Another_tools_file_is_a_400_naming_what_it_looks_like(string body, string expected)
    {
        using var response = await ImportAsync(body, "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var sentence = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("(document)")[0].GetString();
        Assert.Contains("looks like", sentence, StringComparison.Ordinal);
        Assert.Contains(expected, sentence, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> ImportAsync(string body, string contentType) =>
        Api.PostAsync("/api/perf/runs/import", new StringContent(body, Encoding.UTF8, contentType));
}
