using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>
/// Every endpoint that reads YAML or JSON, fed what kills or exhausts parsers, against the real server process: each
/// input gets its status and a sentence within a second, costs at most tens of MB at its peak, and the process keeps
/// serving.
/// </summary>
public sealed class HostileInputTests(ContainerServerFixture fixture, ITestOutputHelper output) : IClassFixture<ContainerServerFixture>
{
    /// <summary>The most a refused input may raise the process's resident memory at its peak.</summary>
    private const long MemoryBound = 48L * 1024 * 1024;

    /// <summary>The answer must come within this, once the endpoint's code is warm (the first call also JIT-compiles).</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(1);

    /// <summary>Every endpoint that binds a JSON body.</summary>
    public static TheoryData<string, string> JsonEndpoints => new()
    {
        { "POST", "/api/meshes/istio/install" },
        { "POST", "/api/meshes/istio/upgrade" },
        { "POST", "/api/meshes/istio/uninstall" },
        { "POST", "/api/apps/bookinfo/deploy" },
        { "POST", "/api/apps/bookinfo/remove" },
        { "POST", "/api/namespaces/default/meshes" },
        { "POST", "/api/perf/profiles" },
        { "PUT", "/api/perf/profiles/p" },
        { "POST", "/api/perf/runs" },
        { "POST", "/api/sandbox" },
        { "POST", "/api/sandbox/s/requests" },
        { "POST", "/api/filters/rate-limit/attach" },
        { "POST", "/api/filters/imagehub-demo" },
        { "POST", "/api/operations/selftest" },
        { "PUT", "/api/cluster/context" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public Task Deep_json_is_refused_at_depth_64(string method, string path) =>
        AssertRefusedAsync(method, path, "application/json", HostileBodies.DeepJson(), HttpStatusCode.BadRequest,
            "The maximum configured depth of 64 has been exceeded");

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public Task A_json_body_over_its_endpoints_limit_is_refused_unread(string method, string path) =>
        AssertRefusedAsync(method, path, "application/json", HostileBodies.LargeJson((path.StartsWith("/api/perf/", StringComparison.Ordinal) ? 12 : 2) * 1024 * 1024), HttpStatusCode.RequestEntityTooLarge,
            "The request body is larger than this endpoint's limit of");

    [Theory]
    [InlineData("/api/perf/runs/import", "application/yaml")]
    [InlineData("/api/cluster/kubeconfig", "application/yaml")]
    public async Task Yaml_bombs_are_refused_while_reading(string path, string contentType)
    {
        await AssertRefusedAsync("POST", path, contentType, HostileBodies.DeepYaml(), HttpStatusCode.BadRequest,
            "The YAML is nested more than 64 levels deep (line 1)");
        await AssertRefusedAsync("POST", path, contentType, HostileBodies.AliasBomb(), HttpStatusCode.BadRequest,
            "The YAML's aliases expand to more than 100,000 nodes");
        await AssertRefusedAsync("POST", path, contentType, HostileBodies.ManyAliases(), HttpStatusCode.BadRequest,
            "The YAML uses more than 1000 aliases");
    }

    [Theory]
    [InlineData("/api/perf/runs/import", "The file is not valid JSON (line 1): The maximum configured depth of 64 has been exceeded")]
    [InlineData("/api/cluster/kubeconfig", "The YAML is nested more than 64 levels deep")]
    public Task Deep_json_in_a_yaml_endpoint_is_refused(string path, string sentence) =>
        AssertRefusedAsync("POST", path, "application/json", "[" + HostileBodies.DeepJson() + "]", HttpStatusCode.BadRequest, sentence);

    [Theory]
    [InlineData("/api/perf/runs/import", HttpStatusCode.RequestEntityTooLarge, "The file is larger than 4 MiB")]
    [InlineData("/api/cluster/kubeconfig", HttpStatusCode.BadRequest, "The body is larger than 512 KiB")]
    public Task A_yaml_body_over_its_limit_is_refused(string path, HttpStatusCode status, string sentence) =>
        AssertRefusedAsync("POST", path, "application/yaml", "a: " + new string('x', 6 * 1024 * 1024), status, sentence);

    [Theory]
    [InlineData("duration", "99999999999999h", "100", "{}", "duration '99999999999999h' is not a duration")]
    [InlineData("labels.meshdock.io/timeout", "10s", "100", "{\"meshdock.io/timeout\": \"99999999999999h\"}", "labels.meshdock.io/timeout '99999999999999h' is not a duration")]
    [InlineData("labels.meshdock.io/warmup", "10s", "100", "{\"meshdock.io/warmup\": \"9999999999999999999999m\"}", "labels.meshdock.io/warmup '9999999999999999999999m' is not a duration")]
    [InlineData("result.actual_qps", "10s", "1e999", "{}", "result.actual_qps must be a number of zero or more, not '1e999'")]
    [InlineData("result.actual_qps", "10s", ".nan", "{}", "result.actual_qps must be a number of zero or more")]
    public async Task Overflowing_and_non_finite_smp_fields_are_refused_naming_the_field(
        string field, string duration, string actualQps, string labels, string sentence)
    {
        var problem = await AssertRefusedAsync("POST", "/api/perf/runs/import", "application/yaml",
            HostileBodies.Smp(duration, actualQps, labels), HttpStatusCode.BadRequest, sentence);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}' in {problem}");
    }

    [Theory]
    [InlineData("{\"spec\": {\"urls\": [\"http://127.0.0.1:1/\"], \"model\": \"closed\", \"durationSeconds\": 1e999}}", "durationSeconds", "'durationSeconds' must be between")]
    [InlineData("{\"spec\": {\"urls\": \"http://x/\"}}", "spec.urls", "The field 'spec.urls' must be a list of strings.")]
    [InlineData("{\"spec\": {\"urls\": [\"http://x/\"], \"headers\": [\"a\"]}}", "spec.headers", "The field 'spec.headers' must be an object whose values are strings.")]
    [InlineData("{\"spec\": \"x\"}", "spec", "The field 'spec' must be an object.")]
    public async Task Wrong_types_and_overflowing_numbers_in_a_run_name_the_field_and_the_expected_type(string body, string field, string sentence)
    {
        var problem = await AssertRefusedAsync("POST", "/api/perf/runs", "application/json", body, HttpStatusCode.BadRequest, sentence);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}' in {problem}");
    }

    [Fact]
    public Task Chart_values_that_are_not_an_object_say_so() =>
        AssertRefusedAsync("POST", "/api/meshes/istio/install", "application/json", "{\"values\": \"x\"}", HttpStatusCode.BadRequest,
            "The field 'values' must be an object.");

    [Fact]
    public async Task Comparing_runs_whose_figures_overflow_gives_null_deltas()
    {
        var tiny = await ImportAsync(HostileBodies.Smp(actualQps: "1e-300"));
        var huge = await ImportAsync(HostileBodies.Smp(actualQps: "1e308").Replace("00:00:10Z", "00:00:11Z", StringComparison.Ordinal));

        using var response = await fixture.Api.GetAsync($"/api/perf/compare?ids={tiny},{huge}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("runs");
        Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("deltas").GetProperty("throughputPercent").ValueKind);
        Assert.Equal(0, runs[1].GetProperty("deltas").GetProperty("p99Ms").GetDouble()); // finite deltas are still there
    }

    [Fact]
    public async Task Kestrel_refuses_a_nul_in_the_path_and_a_20_KB_path_and_the_server_keeps_serving()
    {
        // Kestrel answers these while parsing the request line, before any middleware runs, with an empty body and
        // "Connection: close"; see docs/security.md for why they are not problem+json.
        using var nul = await fixture.Api.GetAsync("/api/a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        using var longPath = await fixture.Api.GetAsync("/api/" + new string('a', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longPath.StatusCode);
        await AssertServingAsync();
    }

    private async Task<string> ImportAsync(string yaml)
    {
        using var response = await fixture.Api.PostAsync("/api/perf/runs/import", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Sends the input twice (cold, then warm): both get the status and the sentence within the memory
    /// bound; the warm one within the time bound. Returns the problem.</summary>
    private async Task<JsonElement> AssertRefusedAsync(string method, string path, string contentType, string body,
        HttpStatusCode status, string sentence)
    {
        var pid = fixture.Server.ProcessId;
        var bytes = Encoding.UTF8.GetBytes(body);
        JsonElement problem = default;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var peakReset = ProcessMemory.ResetPeak(pid);
            var before = ProcessMemory.ResidentBytes(pid);
            var clock = Stopwatch.StartNew();
            // A large body is announced and waits for "100 Continue", as curl does: one refused for its length is then
            // never sent (otherwise the refusal races the upload and the client sees a broken pipe).
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(bytes) };
            request.Headers.ExpectContinue = bytes.Length > 1024 * 1024;
            request.Content.Headers.ContentType = new(contentType);
            using var response = await fixture.Api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            clock.Stop();
            var peak = peakReset ? ProcessMemory.PeakBytes(pid) : ProcessMemory.ResidentBytes(pid);

            Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            problem = JsonDocument.Parse(text).RootElement.Clone();
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains(sentence, detail, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
            var grew = peak - before;
            output.WriteLine($"{method} {path} ({bytes.Length:N0} bytes, {(attempt == 0 ? "cold" : "warm")}): {(int)response.StatusCode} in {clock.Elapsed.TotalMilliseconds:0} ms, "
                + $"{(peakReset ? "peak" : "resident")} {grew / 1024.0 / 1024:+0.0;-0.0} MiB over {before / 1024.0 / 1024:0} MiB");
            Assert.True(grew < MemoryBound, $"{method} {path}: memory grew by {grew / 1024 / 1024} MiB");
            if (attempt == 1)
            {
                Assert.True(clock.Elapsed < TimeBound, $"{method} {path}: answered in {clock.Elapsed.TotalMilliseconds:0} ms");
            }
        }

        await AssertServingAsync();
        return problem;
    }

    private async Task AssertServingAsync()
    {
        using var health = await fixture.Api.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
