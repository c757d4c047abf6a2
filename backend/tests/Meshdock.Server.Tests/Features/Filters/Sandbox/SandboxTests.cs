using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Features.Filters;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters.Sandbox;

/// <summary>The sandbox over real sockets: the backend's API on its Unix socket, the sandbox on a loopback port,
/// the embedded Image Hub behind it, and load from the perf API.</summary>
public sealed class SandboxTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private HttpClient Api => fixture.Api;

    [Fact]
    public async Task Seed_demo_Bob_on_Personal_pulls_freely_without_the_filter_and_10_times_a_minute_with_it()
    {
        var plain = await Api.StartSandboxAsync(new { filterId = (string?)null, upstream = "imagehub" });
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", plain.Url);
        using var client = new HttpClient { BaseAddress = new Uri(plain.Url) };
        var token = await SandboxClient.SignUpAndLogInAsync(client, "bob", "Personal");
        Assert.Equal("""{"plan":"Personal","username":"bob"}""", Encoding.UTF8.GetString(Convert.FromBase64String(token)));

        var (withoutId, without) = await RunPullsAsync(plain.Url, token, "pulls without filter");
        Assert.Equal(["200"], without.Keys);
        Assert.InRange(without["200"], 490, 510);
        await Api.StopSandboxAsync(plain.Id);

        // The filter counts per wall-clock minute: start the measured run with room to finish inside one minute.
        await WaitForRoomInTheMinuteAsync(TimeSpan.FromSeconds(25)); // a 5 s run, with room for a slow start
        var filtered = await Api.StartSandboxAsync(new { filterId = "rate-limit", upstream = "imagehub" });
        Assert.Equal("rate-limit", filtered.FilterName);
        Assert.Contains("\"Personal\": 10", filtered.PluginConfig, StringComparison.Ordinal); // the built-in's default rules

        var (withId, with) = await RunPullsAsync(filtered.Url, token, "pulls with rate-limit filter");
        var requests = with.Values.Sum();
        Assert.Equal(10, with["200"]);
        Assert.Equal(requests - 10, with["429"]);
        Assert.Equal(2, with.Count);
        Assert.InRange(requests, 490, 510);

        var comparison = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/compare?ids={withoutId},{withId}", ApiClient.Json);
        var compared = comparison.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([withoutId, withId], compared.Select(r => r.GetProperty("run").GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Object, compared[1].GetProperty("deltas").ValueKind);

        using var filteredClient = new HttpClient { BaseAddress = new Uri(filtered.Url) };
        using var limited = new HttpRequestMessage(HttpMethod.Get, "/pull") { Headers = { { "Authorization", token } } };
        using var refused = await filteredClient.SendAsync(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("bob", refused.Headers.GetValues("x-app-user").Single());
        Assert.Equal("10", refused.Headers.GetValues("x-rate-limit").Single());
        using var anonymous = await filteredClient.GetAsync("/pull");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var other = await filteredClient.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode); // paths without rules pass untouched, to Image Hub's 404
        Assert.Equal("404 page not found\n", await other.Content.ReadAsStringAsync());

        var info = await Api.GetFromJsonAsync<SandboxDto>($"/api/sandbox/{filtered.Id}", ApiClient.Json);
        Assert.Equal(requests - 10 + 2, info!.Counters.LocalResponses); // the run's 429s, the 429 and the 401 above
        await Api.StopSandboxAsync(filtered.Id);

        var events = await Api.PollEventsUntilFinalAsync(filtered.OperationId, TimeSpan.FromSeconds(30));
        Assert.Equal("succeeded", events[^1].Status);
        Assert.Contains(events, e => e.Kind == "log" && e.Message.StartsWith("rate-limit: ", StringComparison.Ordinal)); // the filter's own log
    }

    [Fact]
    public async Task A_trapping_filter_fails_that_request_with_500_and_the_sandbox_keeps_serving()
    {
        using var upload = await Api.PostAsync("/api/filters?name=trapper", FilterModules.Content(FilterModules.TrapsOnMisbehave()));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var filter = (await upload.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;
        var sandbox = await Api.StartSandboxAsync(new { filterId = filter.Id, upstream = "imagehub" });
        using var client = new HttpClient { BaseAddress = new Uri(sandbox.Url) };

        using var trapped = new HttpRequestMessage(HttpMethod.Get, "/pull") { Headers = { { "x-misbehave", "1" } } };
        using var failed = await client.SendAsync(trapped);
        var afterwards = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetAsync("/pull")));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var problem = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("The filter trapped in proxy_on_request_headers", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(afterwards, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var info = await Api.GetFromJsonAsync<SandboxDto>($"/api/sandbox/{sandbox.Id}", ApiClient.Json);
        Assert.Equal((6, 1), (info!.Counters.Requests, info.Counters.FilterFailures));

        await Api.StopSandboxAsync(sandbox.Id);
        var events = await Api.PollEventsUntilFinalAsync(sandbox.OperationId, TimeSpan.FromSeconds(30));
        Assert.Contains(events, e => e.Kind == "warning" && e.Message.StartsWith("The filter trapped in proxy_on_request_headers", StringComparison.Ordinal));
        Assert.Equal("succeeded", events[^1].Status);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/")); // the port is closed
        Assert.DoesNotContain(await Api.GetFromJsonAsync<List<SandboxDto>>("/api/sandbox", ApiClient.Json) ?? [], s => s.Id == sandbox.Id);
    }

    [Fact]
    public async Task A_sandbox_forwards_to_any_upstream_url_and_says_when_it_cannot_reach_it()
    {
        var imageHub = await Api.StartSandboxAsync(new { upstream = "imagehub" });
        var chained = await Api.StartSandboxAsync(new { filterId = "rate-limit", upstream = imageHub.Url });
        using var client = new HttpClient { BaseAddress = new Uri(chained.Url) };
        using var health = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode); // Image Hub's own answer, through both sandboxes
        Assert.Equal("404 page not found\n", await health.Content.ReadAsStringAsync());

        await Api.StopSandboxAsync(imageHub.Id);
        using var unreachable = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.BadGateway, unreachable.StatusCode);
        Assert.Contains($"could not get an answer from {imageHub.Url}", await unreachable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Api.StopSandboxAsync(chained.Id);
    }

    [Fact]
    public async Task A_sample_request_goes_through_the_sandbox_on_the_panels_behalf()
    {
        var sandbox = await Api.StartSandboxAsync(new { filterId = "rate-limit", upstream = "imagehub" });

        using var signup = await Api.PostAsJsonAsync($"/api/sandbox/{sandbox.Id}/requests",
            new { method = "POST", path = "/signup", body = """{"username":"carol","password":"pw","plan":"Team"}""" });
        using var anonymous = await Api.PostAsJsonAsync($"/api/sandbox/{sandbox.Id}/requests", new { path = "/pull" });
        using var bad = await Api.PostAsJsonAsync($"/api/sandbox/{sandbox.Id}/requests", new { method = "BREW", path = "pull" });

        Assert.Equal(200, (await signup.Content.ReadFromJsonAsync<SampleResponseDto>(ApiClient.Json))!.Status);
        var refused = (await anonymous.Content.ReadFromJsonAsync<SampleResponseDto>(ApiClient.Json))!;
        Assert.Equal(401, refused.Status); // the filter's answer: no token on a limited path
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Equal(["method", "path"], problem.Errors!.Keys.Order());
        await Api.StopSandboxAsync(sandbox.Id);
    }

    private sealed record SampleResponseDto(int Status, Dictionary<string, string> Headers, string Body, double DurationMs);

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{"upstream": "ftp://example"}""", "upstream", "is not an upstream" },
        { """{"filterId": null}""", "upstream", "'upstream' is required" },
        { """{"filterId": "nope", "upstream": "imagehub"}""", "filterId", "There is no filter with id 'nope'" },
        { """{"pluginConfig": {"a": 1}, "upstream": "imagehub"}""", "pluginConfig", "give a 'filterId' too" },
        { """{"filterId": "rate-limit", "pluginConfig": 42, "upstream": "imagehub"}""", "pluginConfig", "must be a JSON object or a string" },
        { """{"filterId": "rate-limit", "pluginConfig": {"limits": 3}, "upstream": "imagehub"}""", "filterId", "The filter did not start" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_sandbox_request_is_a_400_naming_the_field(string body, string field, string expected)
    {
        using var response = await Api.PostAsync("/api/sandbox", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Contains(expected, Assert.Single(problem.Errors![field]), StringComparison.Ordinal);
        Assert.Empty(await Api.GetFromJsonAsync<List<SandboxDto>>("/api/sandbox", ApiClient.Json) ?? []);
    }

    /// <summary>A 5-second open-model run at 100 rps through the perf API, as the Performance page starts it; returns
    /// the run's id and its responses per status code.</summary>
    private async Task<(string Id, Dictionary<string, long> StatusCodes)> RunPullsAsync(string sandboxUrl, string token, string name)
    {
        using var start = await Api.PostAsJsonAsync("/api/perf/runs", new
        {
            name,
            spec = new
            {
                urls = new[] { $"{sandboxUrl}/pull" },
                headers = new Dictionary<string, string> { ["Authorization"] = token },
                model = "open",
                rps = 100,
                connections = 10,
                durationSeconds = 5,
            },
        });
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var id = (await start.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        Assert.Equal("succeeded", (await Api.PollEventsUntilFinalAsync(id, TimeSpan.FromSeconds(60)))[^1].Status);
        var run = await Api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}", ApiClient.Json);
        var codes = run.GetProperty("summary").GetProperty("statusCodes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        return (id, codes);
    }

    private static async Task WaitForRoomInTheMinuteAsync(TimeSpan room)
    {
        var now = DateTimeOffset.UtcNow;
        var left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerMinute);
        if (left < room)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(100));
        }
    }
}
