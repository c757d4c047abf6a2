using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;

namespace Meshdock.Server.Tests.Operations;

/// <summary>History lives in SQLite in the data folder: it survives restarts, and work cut off by one shows interrupted.</summary>
public sealed class RestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_crash_the_running_operation_is_interrupted_and_history_survives()
    {
        using var data = new TempFolder();
        string finished, running;
        await using (var first = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path))
        {
            using var api = first.Api;
            finished = await api.StartSelftestAsync(steps: 2, stepMillis: 0);
            await api.WaitForFinalAsync(finished, Timeout);
            running = await api.StartSelftestAsync(steps: 1000, stepMillis: 100);
            await WaitForSeqAsync(api, running, 3);
            await first.KillAsync(); // no shutdown code runs
        }

        await using var second = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path);
        using var api2 = second.Api;

        var interrupted = await api2.GetOperationAsync(running);
        Assert.Equal("interrupted", interrupted.Status);
        Assert.Contains("start it again", interrupted.Error, StringComparison.Ordinal);
        Assert.NotNull(interrupted.FinishedAt);
        var events = await api2.PollEventsUntilFinalAsync(running, Timeout);
        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal(("status", "interrupted"), (events[^1].Kind, events[^1].Status));
        Assert.Equal(interrupted.LastSeq, events[^1].Seq);

        var kept = await api2.GetOperationAsync(finished);
        Assert.Equal("succeeded", kept.Status);
        Assert.Equal(4, kept.LastSeq);

        // The interrupted operation no longer holds its target.
        var list = await api2.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json);
        Assert.Equal([running, finished], list!.Select(o => o.Id));
    }

    [Fact]
    public async Task A_graceful_stop_records_running_operations_as_interrupted_before_exiting()
    {
        using var data = new TempFolder();
        string running;
        await using (var first = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path))
        {
            using var api = first.Api;
            running = await api.StartSelftestAsync(steps: 1000, stepMillis: 100);
            await WaitForSeqAsync(api, running, 2);
            await first.StopAsync(); // SIGTERM, as docker stop sends
            Assert.Contains("recorded as interrupted", first.Output, StringComparison.Ordinal);
        }

        await using var second = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path);
        using var api2 = second.Api;
        var operation = await api2.GetOperationAsync(running);
        Assert.Equal("interrupted", operation.Status);
        // Stored by the stopping process itself: the next start found nothing left to mark.
        Assert.DoesNotContain("marked interrupted", second.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForSeqAsync(HttpClient api, string id, long seq)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while ((await api.GetOperationAsync(id)).LastSeq < seq)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
