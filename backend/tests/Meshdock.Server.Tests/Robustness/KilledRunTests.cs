using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Features.Performance;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>A load test cut off by <c>kill -9</c> of its backend: after the restart it follows its operation.</summary>
public sealed class KilledRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_whose_backend_was_killed_is_interrupted_after_the_restart_keeps_its_record_and_can_be_deleted()
    {
        using var data = new TempFolder();
        await using var upstream = new CountingUpstream();
        string id;
        JsonElement before;
        await using (var first = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path))
        {
            using var api = first.Api;
            using var started = await api.PostAsJsonAsync("/api/perf/runs", new
            {
                name = "cut off",
                spec = new { urls = new[] { upstream.Url }, model = "open", rps = 50, connections = 2, durationSeconds = 600 },
            });
            Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
            id = (await started.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
            await WaitForProgressAsync(api, id);
            before = await api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
            Assert.Equal("running", before.GetProperty("status").GetString());
            await first.KillAsync(); // SIGKILL: nothing of the server's shutdown runs
        }

        await using var second = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path);
        using var api2 = second.Api;

        var after = await api2.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
        Assert.Equal("interrupted", after.GetProperty("status").GetString());
        Assert.Equal("interrupted", (await api2.GetOperationAsync(id)).Status);
        foreach (var kept in new[] { "name", "source", "targetHost", "spec", "createdAt" })
        {
            Assert.Equal(before.GetProperty(kept).GetRawText(), after.GetProperty(kept).GetRawText());
        }

        var listed = await api2.GetFromJsonAsync<JsonElement>("/api/perf/runs");
        Assert.Equal("interrupted", listed.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("status").GetString());

        using var deleted = await api2.DeleteAsync($"/api/perf/runs/{id}");
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        using var gone = await api2.GetAsync($"/api/perf/runs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task WaitForProgressAsync(HttpClient api, string id)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var page = await api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after=0", ApiClient.Json, deadline.Token);
            if (page!.Events.Any(e => e.Kind == "progress"))
            {
                return;
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
