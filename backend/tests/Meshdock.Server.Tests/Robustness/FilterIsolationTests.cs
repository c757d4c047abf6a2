using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.Server.Tests.Features.Filters;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Features.Filters.Sandbox;
using Xunit.Abstractions;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>
/// A filter runs on its sandbox's own workers: whatever it does, the backend's API keeps answering, requests the
/// workers cannot take get 503, and a request the filter never resumes ends at the sandbox's deadline.
/// </summary>
public sealed class FilterIsolationTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The API's p99 while the filter spins. The target is 100 ms; the bound leaves room for a 2-core CI
    /// machine shared with builds, and is still 40 times under what the shared thread pool gave (10 to 47 s).</summary>
    private static readonly TimeSpan HealthP99Bound = TimeSpan.FromMilliseconds(250);

    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(extraArgs: ["--Sandbox:PauseTimeout=00:00:02", "--Sandbox:QueueTimeout=00:00:03", "--Sandbox:MaxConcurrentRequests=8"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Thirty_clients_of_a_looping_filter_leave_the_health_check_fast_and_get_500_or_503()
    {
        using var api = _server.Api;
        var sandbox = await StartSandboxAsync(api, "looper", FilterModules.LoopsOnRequestHeaders());
        using var client = new HttpClient { BaseAddress = new Uri(sandbox.Url), Timeout = TimeSpan.FromSeconds(60) };

        using var probing = new CancellationTokenSource();
        var probe = ProbeHealthAsync(probing.Token);
        await Task.Delay(200); // a baseline before the load
        // Thirty clients send one request after the other for five seconds: the filter spins on every worker all along
        // (each request it takes loops for a second), eight requests are in the sandbox, the others get 503.
        var clock = Stopwatch.StartNew();
        var answers = (await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            var mine = new List<(int Status, string Detail)>();
            while (clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                using var response = await client.GetAsync("/");
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                mine.Add(((int)response.StatusCode, problem.GetProperty("detail").GetString()!));
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await Task.Delay(50); // as a client honouring Retry-After would, only sooner
                }
            }

            return mine;
        }))).SelectMany(a => a).ToList();
        clock.Stop();
        await probing.CancelAsync();
        var latencies = (await probe).Order().ToList();

        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        var statuses = answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}x{g.Key}");
        output.WriteLine($"30 clients of a looping filter for 5 s: {string.Join(", ", statuses)} in {clock.Elapsed.TotalSeconds:0.0} s "
            + $"({Environment.ProcessorCount} cores); /api/health over {latencies.Count} probes: p50 {p50.TotalMilliseconds:0.0} ms, "
            + $"p99 {p99.TotalMilliseconds:0.0} ms, max {latencies[^1].TotalMilliseconds:0.0} ms");

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 500, 503 }));
        Assert.Contains(answers, a => a.Status == 500
            && a.Detail.Contains("did not return from proxy_on_request_headers within 1000 ms", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Status == 503
            && a.Detail.Contains("The sandbox's filter is busy with 8 requests already", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The requests took {clock.Elapsed}: waiting is not bounded.");
        Assert.True(latencies.Count >= 50, $"Only {latencies.Count} health probes were made.");
        Assert.True(p99 < HealthP99Bound, $"/api/health p99 was {p99.TotalMilliseconds:0} ms while the filter looped.");

        await api.StopSandboxAsync(sandbox.Id); // the sandbox stops although its workers were busy
    }

    [Fact]
    public async Task A_request_the_filter_pauses_and_never_resumes_ends_with_500_at_the_deadline()
    {
        using var api = _server.Api;
        var sandbox = await StartSandboxAsync(api, "pauser", FilterModules.PausesForever());
        using var client = new HttpClient { BaseAddress = new Uri(sandbox.Url), Timeout = TimeSpan.FromSeconds(60) };

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/");
        clock.Stop();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("The filter paused the request and did not resume it within 2 s.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
        await api.StopSandboxAsync(sandbox.Id);
    }

    private static async Task<SandboxDto> StartSandboxAsync(HttpClient api, string name, byte[] module)
    {
        using var upload = await api.PostAsync($"/api/filters?name={name}", FilterModules.Content(module));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var filter = (await upload.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;
        return await api.StartSandboxAsync(new { filterId = filter.Id, upstream = "imagehub" });
    }

    /// <summary>GET /api/health every 10 ms on its own connection until cancelled; the latencies.</summary>
    private async Task<List<TimeSpan>> ProbeHealthAsync(CancellationToken cancellationToken)
    {
        using var probe = _server.Api;
        var latencies = new ConcurrentBag<TimeSpan>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            using (var response = await probe.GetAsync("/api/health", CancellationToken.None))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            latencies.Add(clock.Elapsed);
            try
            {
                await Task.Delay(10, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return [.. latencies];
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
