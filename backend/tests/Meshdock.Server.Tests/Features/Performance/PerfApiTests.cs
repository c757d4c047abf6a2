using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>Performance runs through the socket API against a loopback upstream that counts what it receives.</summary>
public sealed class PerfApiTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>, IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly CountingUpstream _upstream = new();

    private HttpClient Api => fixture.Api;

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Fact]
    public async Task A_closed_run_reports_exactly_the_requests_the_upstream_received()
    {
        var id = await StartRunAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 4, requests = 500 });

        var operation = await Api.WaitForFinalAsync(id, Timeout);
        Assert.Equal("succeeded", operation.Status);
        Assert.Equal("perf.run", operation.Kind);

        var run = await GetRunAsync(id);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("measured", run.GetProperty("source").GetString());
        var summary = run.GetProperty("summary");
        Assert.Equal(500, summary.GetProperty("requests").GetInt64());
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        Assert.Equal(500, summary.GetProperty("statusCodes").GetProperty("200").GetInt64());
        Assert.Equal(0, summary.GetProperty("errors").GetInt64());
        Assert.True(summary.GetProperty("latency").GetProperty("p99Ms").GetDouble() >= summary.GetProperty("latency").GetProperty("p50Ms").GetDouble());
        Assert.Equal(500, run.GetProperty("result").GetProperty("latency").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task An_open_run_streams_one_progress_event_a_second_with_the_live_figures()
    {
        var id = await StartRunAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 100, connections = 2, durationSeconds = 3 });

        var events = await Api.PollEventsUntilFinalAsync(id, Timeout);

        Assert.Equal("succeeded", events[^1].Status);
        var seconds = events.Where(e => e.Kind == "progress").Select(e => e.Data!.Value).ToList();
        Assert.InRange(seconds.Count, 3, 4);
        Assert.Equal(Enumerable.Range(1, seconds.Count), seconds.Select(s => s.GetProperty("second").GetInt32()));
        Assert.All(seconds, s => Assert.Equal(3, s.GetProperty("total").GetInt32()));
        Assert.All(seconds.Take(3), s => Assert.InRange(s.GetProperty("rps").GetDouble(), 50, 150)); // 100 rps, seen per second
        Assert.All(seconds, s => Assert.True(s.TryGetProperty("p99Ms", out _) && s.TryGetProperty("errors", out _)));

        var summary = (await GetRunAsync(id)).GetProperty("summary");
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        Assert.InRange(summary.GetProperty("requests").GetInt64(), 295, 305);
    }

    [Fact]
    public async Task Cancelling_a_run_keeps_the_partial_result_marked_cancelled()
    {
        var id = await StartRunAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 50, connections = 1, durationSeconds = 60 });
        var first = await WaitForFirstProgressAsync(id);
        Assert.Equal(1, first.GetProperty("second").GetInt32());

        var started = DateTimeOffset.UtcNow;
        using var cancel = await Api.PostAsync($"/api/operations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var operation = await Api.WaitForFinalAsync(id, Timeout);

        Assert.Equal("cancelled", operation.Status);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
        var run = await GetRunAsync(id);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("summary").GetProperty("cancelled").GetBoolean());
        // The result keeps what was sent before the cancel (at least what the first second reported; how many that
        // is depends on how busy the machine is) and stops well short of the 60 s run's 3,000.
        // The one connection may have had a request in flight at the cancel: the upstream counted it, the run never saw
        // its answer, so the run holds the upstream's count or one less, never more.
        var requests = run.GetProperty("summary").GetProperty("requests").GetInt64();
        Assert.InRange(requests, _upstream.Count - 1, _upstream.Count);
        Assert.InRange(requests, Math.Max(1, first.GetProperty("totalRequests").GetInt64()), 600);
    }

    [Theory]
    [InlineData("""{"spec": {"urls": ["ftp://example.com/"], "model": "closed", "requests": 10}}""", "urls[0]")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "open", "durationSeconds": 5}}""", "rps")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed", "rps": 10, "durationSeconds": 5}}""", "rps")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "open", "rps": 2000000, "durationSeconds": 5}}""", "rps")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed", "connections": 10001, "durationSeconds": 5}}""", "connections")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed", "durationSeconds": 7200}}""", "durationSeconds")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed"}}""", "durationSeconds")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "sideways", "durationSeconds": 5}}""", "model")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed", "streams": 4, "durationSeconds": 5}}""", "streams")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "http2": true, "model": "closed", "streams": 0, "durationSeconds": 5}}""", "streams")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/helloworld.Greeter/SayHello"], "model": "closed", "durationSeconds": 5}}""", "urls[0]")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/demo.Greeter/Hello"], "model": "closed", "requests": 5, "grpc": {"json": "{\"name\": ", "reflection": true}}}""", "grpc.json")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/demo.Greeter/Hello"], "model": "closed", "requests": 5, "grpc": {"json": "{\"nmae\": \"x\"}", "proto": "syntax = \"proto3\"; package demo; message R { string name = 1; } service Greeter { rpc Hello (R) returns (R); }"}}}""", "grpc.json")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/demo.Greeter/Hello"], "model": "closed", "requests": 5, "grpc": {"proto": "syntax = \"proto3\"; message {"}}}""", "grpc.proto")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/demo.Greeter/Bye"], "model": "closed", "requests": 5, "grpc": {"proto": "syntax = \"proto3\"; package demo; message R {} service Greeter { rpc Hello (R) returns (R); }"}}}""", "urls[0]")]
    [InlineData("""{"spec": {"urls": ["grpc://127.0.0.1:1/demo.Greeter/Hello"], "model": "closed", "requests": 5, "grpc": {"proto": "syntax = \"proto3\";", "reflection": true}}}""", "grpc")]
    [InlineData("""{"spec": {"urls": ["http://127.0.0.1:1/"], "model": "closed", "requests": 5, "grpc": {"reflection": true}}}""", "grpc")]
    [InlineData("""{}""", "spec")]
    public async Task A_bad_spec_is_a_400_naming_the_field_and_starts_nothing(string body, string field)
    {
        var before = await CountRunsAsync();
        using var response = await Api.PostAsync("/api/perf/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var sentences), $"No error for '{field}' in {problem}");
        Assert.False(string.IsNullOrWhiteSpace(sentences[0].GetString()));
        Assert.Equal(before, await CountRunsAsync());
    }

    [Fact]
    public async Task A_body_over_ten_mebibytes_is_refused()
    {
        var spec = new { urls = new[] { _upstream.Url }, model = "closed", requests = 1, method = "POST", body = new string('x', 10 * 1024 * 1024 + 1) };
        using var response = await Api.PostAsJsonAsync("/api/perf/runs", new { spec });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10 MiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profiles_are_saved_validated_renamed_and_run()
    {
        var name = "profile-" + Guid.NewGuid().ToString("N")[..8];
        var spec = new { urls = new[] { _upstream.Url }, model = "closed", connections = 1, requests = 20 };
        using var created = await Api.PostAsJsonAsync("/api/perf/profiles", new { name, spec });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var profile = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = profile.GetProperty("id").GetString()!;
        Assert.Equal($"/api/perf/profiles/{id}", created.Headers.Location?.OriginalString);

        using var duplicate = await Api.PostAsJsonAsync("/api/perf/profiles", new { name = name.ToUpperInvariant(), spec });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var invalid = await Api.PutAsJsonAsync($"/api/perf/profiles/{id}", new { name, spec = new { urls = new[] { "not a url" }, model = "closed", requests = 1 } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(20, (await Api.GetFromJsonAsync<JsonElement>($"/api/perf/profiles/{id}")).GetProperty("spec").GetProperty("requests").GetInt32());

        using var renamed = await Api.PutAsJsonAsync($"/api/perf/profiles/{id}", new { name = name + "-2", spec });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var runId = await StartRunAsync(new { profileId = id });
        await Api.WaitForFinalAsync(runId, Timeout);
        var run = await GetRunAsync(runId);
        Assert.Equal(id, run.GetProperty("profileId").GetString());
        Assert.Equal(name + "-2", run.GetProperty("name").GetString());
        var history = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/runs?profileId={id}");
        Assert.Equal(runId, Assert.Single(history.EnumerateArray()).GetProperty("id").GetString());

        using var deleted = await Api.DeleteAsync($"/api/perf/profiles/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Api.GetAsync($"/api/perf/profiles/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Smp_export_holds_what_was_measured_and_no_placeholders()
    {
        var id = await StartRunAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 200, connections = 2, requests = 100 });
        await Api.WaitForFinalAsync(id, Timeout);

        var smp = JsonDocument.Parse(await Api.GetStringAsync($"/api/perf/runs/{id}/smp?format=json")).RootElement;
        var config = smp.GetProperty("performance_test_config");
        Assert.Equal(id, config.GetProperty("id").GetString());
        Assert.StartsWith("v", config.GetProperty("smp_version").GetString(), StringComparison.Ordinal);
        var client = config.GetProperty("clients")[0];
        Assert.Equal("PROTOCOL_HTTP", client.GetProperty("protocol").GetString());
        Assert.Equal(_upstream.Url, client.GetProperty("endpoint_urls")[0].GetString());
        Assert.Equal(200, client.GetProperty("rps").GetInt64());
        Assert.Equal(2, client.GetProperty("connections").GetInt32());
        var result = smp.GetProperty("performance_test_result");
        Assert.Equal(id, result.GetProperty("test_id").GetString());
        var summary = (await GetRunAsync(id)).GetProperty("summary");
        Assert.Equal(summary.GetProperty("latency").GetProperty("p99Ms").GetDouble(), result.GetProperty("latencies_ms").GetProperty("p99").GetDouble(), 0.001); // SMP keeps microseconds
        Assert.Equal(summary.GetProperty("actualRps").GetDouble(), result.GetProperty("actual_qps").GetDouble(), 0.01);
        // No cluster is connected here, so nothing about one may appear.
        Assert.False(smp.TryGetProperty("environment_config", out _));
        Assert.False(smp.TryGetProperty("service_mesh_config", out _));
        Assert.False(result.TryGetProperty("env_id", out _));
        AssertNoPlaceholders(smp);

        var yaml = await Api.GetStringAsync($"/api/perf/runs/{id}/smp?format=yaml");
        Assert.Contains($"\nid: {id}", yaml, StringComparison.Ordinal);
        Assert.Contains($"\ntest_id: {id}", yaml, StringComparison.Ordinal);
        using var badFormat = await Api.GetAsync($"/api/perf/runs/{id}/smp?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);

        var fortio = JsonDocument.Parse(await Api.GetStringAsync($"/api/perf/runs/{id}/fortio")).RootElement;
        Assert.Equal(100, fortio.GetProperty("DurationHistogram").GetProperty("Count").GetInt64());
        Assert.Equal(100, fortio.GetProperty("RetCodes").GetProperty("200").GetInt64());
    }

    [Fact]
    public async Task Importing_the_same_file_twice_keeps_one_run_and_a_measured_run_is_recognised()
    {
        var measured = await StartRunAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 1, requests = 30 });
        await Api.WaitForFinalAsync(measured, Timeout);
        var exported = await Api.GetStringAsync($"/api/perf/runs/{measured}/smp?format=yaml");

        using var again = await ImportAsync(exported, "application/yaml");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(measured, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        var foreign = SmpJson(Guid.NewGuid().ToString(), p50: 4, p90: 6, p99: 9, qps: 800);
        using var first = await ImportAsync(foreign, "application/json");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var imported = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("imported", imported.GetProperty("source").GetString());
        Assert.Equal(9, imported.GetProperty("summary").GetProperty("latency").GetProperty("p99Ms").GetDouble());

        var count = await CountRunsAsync();
        using var second = await ImportAsync(foreign, "application/json");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(imported.GetProperty("id").GetString(), JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        Assert.Equal(count, await CountRunsAsync());

        using var fortio = await Api.GetAsync($"/api/perf/runs/{imported.GetProperty("id").GetString()}/fortio");
        Assert.Equal(HttpStatusCode.Conflict, fortio.StatusCode);
    }

    [Theory]
    [InlineData("", "(document)")]
    [InlineData("""{"clients": [{"endpoint_urls": ["http://a/"]}]}""", "smp_version")]
    [InlineData("""{"smp_version": "v0.3.4", "clients": [{"endpoint_urls": ["http://a/"], "connections": "many"}]}""", "clients[0].connections")]
    [InlineData("""{"smp_version": "v0.3.4", "clients": [{"endpoint_urls": ["http://a/"]}], "result": {"start_time": "yesterday"}}""", "result.start_time")]
    [InlineData("""{"smp_version": "v0.3.4", "clients": [{"endpoint_urls": ["http://a/"]}], "results": {}}""", "results")]
    public async Task A_malformed_import_is_a_400_naming_the_first_bad_field_and_stores_nothing(string body, string field)
    {
        var before = await CountRunsAsync();
        using var response = await ImportAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}' in {problem}");
        Assert.Equal(before, await CountRunsAsync());
    }

    [Fact]
    public async Task Compare_gives_each_runs_overhead_against_the_first()
    {
        var baseline = await ImportIdAsync(SmpJson(Guid.NewGuid().ToString(), p50: 2, p90: 3, p99: 5, qps: 1000));
        var meshed = await ImportIdAsync(SmpJson(Guid.NewGuid().ToString(), p50: 4.5, p90: 6, p99: 12, qps: 900));

        var comparison = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/compare?ids={baseline},{meshed}");

        Assert.Equal(baseline, comparison.GetProperty("baseline").GetString());
        var runs = comparison.GetProperty("runs");
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("deltas").ValueKind);
        var deltas = runs[1].GetProperty("deltas");
        Assert.Equal(2.5, deltas.GetProperty("p50Ms").GetDouble(), 9);
        Assert.Equal(3, deltas.GetProperty("p90Ms").GetDouble(), 9);
        Assert.Equal(7, deltas.GetProperty("p99Ms").GetDouble(), 9);
        Assert.Equal(-10, deltas.GetProperty("throughputPercent").GetDouble(), 9);

        using var one = await Api.GetAsync($"/api/perf/compare?ids={baseline}");
        Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        using var missing = await Api.GetAsync($"/api/perf/compare?ids={baseline},nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Compare_shows_each_runs_status_codes_success_rate_and_good_throughput()
    {
        await using var limited = new CountingUpstream(passFirst: 10);
        // One run at a time per target: each is awaited before the next starts.
        async Task<string> RunAsync(object spec)
        {
            var id = await StartRunAsync(spec);
            Assert.Equal("succeeded", (await Api.WaitForFinalAsync(id, Timeout)).Status);
            return id;
        }

        var open = await RunAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 200, connections = 2, requests = 100 });
        var baseline = await RunAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 2, requests = 100 });
        var refused = await RunAsync(new { urls = new[] { limited.Url }, model = "closed", connections = 2, requests = 100 });

        var comparison = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/compare?ids={baseline},{refused}");

        Assert.Equal(0, comparison.GetProperty("warnings").GetArrayLength());
        var runs = comparison.GetProperty("runs");
        var passed = runs[0].GetProperty("outcome");
        Assert.Equal(100, passed.GetProperty("success2xx").GetInt64());
        Assert.Equal(100, passed.GetProperty("successRatePercent").GetDouble(), 9);
        var outcome = runs[1].GetProperty("outcome");
        Assert.Equal(100, outcome.GetProperty("requests").GetInt64());
        Assert.Equal(10, outcome.GetProperty("success2xx").GetInt64());
        Assert.Equal(90, outcome.GetProperty("clientError4xx").GetInt64());
        Assert.Equal(0, outcome.GetProperty("serverError5xx").GetInt64());
        Assert.Equal(0, outcome.GetProperty("socketErrors").GetInt64());
        Assert.Equal(10, outcome.GetProperty("successRatePercent").GetDouble(), 9);
        var top = outcome.GetProperty("topCodes");
        Assert.Equal(429, top[0].GetProperty("code").GetInt32());
        Assert.Equal(90, top[0].GetProperty("count").GetInt64());
        Assert.Equal(200, top[1].GetProperty("code").GetInt32());
        var duration = runs[1].GetProperty("run").GetProperty("summary").GetProperty("durationSeconds").GetDouble();
        Assert.Equal(10 / duration, outcome.GetProperty("goodRps").GetDouble(), 6);

        var deltas = runs[1].GetProperty("deltas");
        Assert.Equal(-90, deltas.GetProperty("successRatePoints").GetDouble(), 9);
        var baselineGood = passed.GetProperty("goodRps").GetDouble();
        Assert.Equal((10 / duration - baselineGood) / baselineGood * 100, deltas.GetProperty("goodRpsPercent").GetDouble(), 6);

        var mixed = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/compare?ids={open},{baseline}");
        var warnings = mixed.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.StartsWith("The runs differ in load model", StringComparison.Ordinal) && w.Contains("open") && w.Contains("closed"));
        Assert.Contains(warnings, w => w.StartsWith("The runs differ in requested rate", StringComparison.Ordinal) && w.Contains("200 rps"));
        Assert.DoesNotContain(warnings, w => w.Contains("connections"));
    }

    [Fact]
    public async Task Compare_counts_a_grpc_run_by_grpc_code_and_warns_beside_an_http_run()
    {
        var grpc = await ImportIdAsync(SmpWithOutcome(Guid.NewGuid().ToString(), "PROTOCOL_GRPC", "grpc://checkout.shop:50051/shop.Checkout/Pay",
            """{"meshdock.io/grpc-status.OK": "900", "meshdock.io/grpc-status.UNAVAILABLE": "80", "meshdock.io/grpc-status.DEADLINE_EXCEEDED": "15", "meshdock.io/http-status.503": "3", "meshdock.io/socket-errors": "2"}"""));
        var http = await ImportIdAsync(SmpWithOutcome(Guid.NewGuid().ToString(), "PROTOCOL_HTTP", "http://productpage.bookinfo:9080/",
            """{"meshdock.io/http-status.200": "990", "meshdock.io/http-status.503": "10"}"""));

        var summary = (await GetRunAsync(grpc)).GetProperty("summary");
        Assert.Equal(1000, summary.GetProperty("requests").GetInt64());
        Assert.Equal(80, summary.GetProperty("grpcStatusCodes").GetProperty("UNAVAILABLE").GetInt64());

        var comparison = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/compare?ids={grpc},{http}");

        var runs = comparison.GetProperty("runs");
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("outcome").ValueKind);
        var calls = runs[0].GetProperty("grpcOutcome");
        Assert.Equal(1000, calls.GetProperty("requests").GetInt64());
        Assert.Equal(900, calls.GetProperty("ok").GetInt64());
        Assert.Equal(95, calls.GetProperty("notOk").GetInt64());
        Assert.Equal(3, calls.GetProperty("httpErrors").GetInt64());
        Assert.Equal(2, calls.GetProperty("socketErrors").GetInt64());
        Assert.Equal(90, calls.GetProperty("successRatePercent").GetDouble(), 9);
        Assert.Equal(30, calls.GetProperty("goodRps").GetDouble(), 9);
        Assert.Equal(["OK", "UNAVAILABLE", "DEADLINE_EXCEEDED"], calls.GetProperty("topCodes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("grpcOutcome").ValueKind);
        Assert.Equal(990, runs[1].GetProperty("outcome").GetProperty("success2xx").GetInt64());
        Assert.Equal(9, runs[1].GetProperty("deltas").GetProperty("successRatePoints").GetDouble(), 9);

        var warning = Assert.Single(comparison.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("The runs differ in protocol", StringComparison.Ordinal)).GetString()!;
        Assert.Contains(": gRPC", warning, StringComparison.Ordinal);
        Assert.Contains(": HTTP", warning, StringComparison.Ordinal);
        Assert.Contains("outcomes are unlike", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outcome_label_that_cannot_be_read_is_a_400_naming_it()
    {
        using var response = await ImportAsync(SmpWithOutcome(Guid.NewGuid().ToString(), "PROTOCOL_GRPC", "grpc://checkout.shop:50051/shop.Checkout/Pay",
            """{"meshdock.io/grpc-status.SERVING": "900"}"""), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("not a gRPC status", errors.GetProperty("performance_test_result.labels.meshdock.io/grpc-status.SERVING")[0].GetString(), StringComparison.Ordinal);
    }

    private static string SmpWithOutcome(string id, string protocol, string url, string resultLabels) => $$"""
        {"performance_test_config": {"smp_version": "v0.6.1", "id": "{{id}}", "name": "{{protocol}} {{id[..8]}}",
           "clients": [{"protocol": "{{protocol}}", "connections": 8, "endpoint_urls": ["{{url}}"]}], "duration": "30s"},
         "performance_test_result": {"smp_version": "v0.6.1", "id": "{{id}}", "labels": {{resultLabels}},
           "start_time": "2026-11-01T10:00:00Z", "end_time": "2026-11-01T10:00:30Z",
           "latencies_ms": {"min": 1, "average": 2, "p50": 2, "p90": 3, "p99": 5, "max": 40}, "actual_qps": 33.3} }
        """;

    private static void AssertNoPlaceholders(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertNoPlaceholders(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertNoPlaceholders(item);
                }

                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(text) || text is "unknown" or "n/a" or "TBD" or "placeholder",
                    $"SMP holds the placeholder '{text}'.");
                break;
        }
    }

    private static string SmpJson(string id, double p50, double p90, double p99, double qps) => $$"""
        {"smp_version": "v0.3.4", "id": "{{id}}", "name": "imported {{id[..8]}}",
         "clients": [{"internal": false, "load_generator": "fortio", "protocol": "http", "connections": 8, "rps": 1000,
                      "endpoint_urls": ["http://productpage.bookinfo:9080/"]}],
         "duration": "30s",
         "result": {"start_time": "2026-11-01T10:00:00Z", "end_time": "2026-11-01T10:00:30Z",
                    "latencies_ms": {"min": 1, "average": {{p50}}, "p50": {{p50}}, "p90": {{p90}}, "p99": {{p99}}, "max": 40},
                    "actual_qps": {{qps}} } }
        """;

    private async Task<string> ImportIdAsync(string smp)
    {
        using var response = await ImportAsync(smp, "application/json");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private Task<HttpResponseMessage> ImportAsync(string body, string contentType) =>
        Api.PostAsync("/api/perf/runs/import", new StringContent(body, Encoding.UTF8, contentType));

    private async Task<string> StartRunAsync(object body)
    {
        using var response = await Api.PostAsJsonAsync("/api/perf/runs", body is JsonElement ? body : body.GetType().GetProperty("profileId") is null ? new { spec = body } : body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
    }

    private async Task<JsonElement> GetRunAsync(string id) => await Api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");

    private async Task<int> CountRunsAsync() => (await Api.GetFromJsonAsync<JsonElement>("/api/perf/runs?limit=1000")).GetArrayLength();

    private async Task<JsonElement> WaitForFirstProgressAsync(string id)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var page = (await Api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after=0", ApiClient.Json, deadline.Token))!;
            if (page.Events.FirstOrDefault(e => e.Kind == "progress") is { } progress)
            {
                return progress.Data!.Value;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
