using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;

namespace Meshdock.Server.Tests.Operations;

/// <summary>Operations over the socket API: lifecycle, numbered events (the polling path), one per target, cancel.</summary>
public sealed class OperationTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private HttpClient Api => fixture.Api;

    [Fact]
    public async Task A_selftest_runs_to_succeeded_with_events_numbered_from_one()
    {
        var before = DateTimeOffset.UtcNow;
        var id = await Api.StartSelftestAsync(steps: 4, stepMillis: 20);

        var events = await Api.PollEventsUntilFinalAsync(id, Timeout);

        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal(["status", "progress", "progress", "progress", "progress", "status"], events.Select(e => e.Kind));
        Assert.Equal("running", events[0].Status);
        Assert.Equal("succeeded", events[^1].Status);
        Assert.Equal([1, 2, 3, 4], events.Where(e => e.Kind == "progress").Select(e => e.Data!.Value.GetProperty("done").GetInt32()));
        Assert.All(events.Where(e => e.Kind == "progress"), e => Assert.Equal(4, e.Data!.Value.GetProperty("total").GetInt32()));
        Assert.Null(events[0].Data);

        var operation = await Api.GetOperationAsync(id);
        Assert.Equal("selftest", operation.Kind);
        Assert.StartsWith("selftest:", operation.Target, StringComparison.Ordinal);
        Assert.Equal("succeeded", operation.Status);
        Assert.Equal(4, operation.StepsDone);
        Assert.Equal(4, operation.StepsTotal);
        Assert.Equal(6, operation.LastSeq);
        Assert.Null(operation.Error);
        Assert.InRange(operation.CreatedAt, before.AddSeconds(-5), DateTimeOffset.UtcNow);
        Assert.True(operation.StartedAt >= operation.CreatedAt && operation.FinishedAt >= operation.StartedAt);
    }

    [Fact]
    public async Task Times_are_iso8601_utc_and_enums_lowercase_on_the_wire()
    {
        var id = await Api.StartSelftestAsync(steps: 1, stepMillis: 0);
        await Api.WaitForFinalAsync(id, Timeout);

        var raw = JsonDocument.Parse(await Api.GetStringAsync($"/api/operations/{id}")).RootElement;

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$", raw.GetProperty("createdAt").GetString());
        Assert.Equal("succeeded", raw.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_second_operation_on_a_busy_target_gets_409_with_the_running_id()
    {
        var target = "busy-" + Guid.NewGuid().ToString("N")[..8];
        var running = await Api.StartSelftestAsync(steps: 100, stepMillis: 100, target);

        using var refused = await Api.PostAsJsonAsync("/api/operations/selftest", new { steps = 1, stepMillis = 0, target });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(running, problem.GetProperty("operationId").GetString());
        Assert.Contains(running, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another target is not affected.
        await Api.StartSelftestAsync(steps: 1, stepMillis: 0);

        // Once the running one has finished (cancelled here), the target is free again.
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/operations/{running}/cancel", null)).StatusCode);
        await Api.WaitForFinalAsync(running, Timeout);
        var next = await Api.StartSelftestAsync(steps: 1, stepMillis: 0, target);
        Assert.Equal("succeeded", (await Api.WaitForFinalAsync(next, Timeout)).Status);
    }

    [Fact]
    public async Task Cancel_stops_a_running_operation_and_a_finished_one_cannot_be_cancelled()
    {
        var id = await Api.StartSelftestAsync(steps: 1000, stepMillis: 50);
        await Task.Delay(200);

        using var cancel = await Api.PostAsync($"/api/operations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var accepted = await cancel.Content.ReadFromJsonAsync<OperationDto>(ApiClient.Json);
        Assert.Equal(id, accepted!.Id);

        var events = await Api.PollEventsUntilFinalAsync(id, Timeout);
        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal("cancelled", events[^1].Status);
        var operation = await Api.GetOperationAsync(id);
        Assert.Equal("cancelled", operation.Status);
        Assert.InRange(operation.StepsDone, 0, 999);
        Assert.Null(operation.Error);

        using var again = await Api.PostAsync($"/api/operations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_events_without_delay_are_stored_in_order_and_paged_by_1000()
    {
        var id = await Api.StartSelftestAsync(steps: 10_000, stepMillis: 0);
        var operation = await Api.WaitForFinalAsync(id, Timeout);
        Assert.Equal("succeeded", operation.Status);
        Assert.Equal(10_002, operation.LastSeq);

        var first = (await Api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after=0", ApiClient.Json))!;
        Assert.Equal(1000, first.Events.Count);
        Assert.Equal("succeeded", first.Status);

        var all = await Api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.Equal(10_002, all.Count);
        ApiClient.AssertContiguousFromOne(all);
        var tail = (await Api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after=10002", ApiClient.Json))!;
        Assert.Empty(tail.Events);
    }

    [Fact]
    public async Task The_list_shows_operations_newest_first()
    {
        var older = await Api.StartSelftestAsync(steps: 1, stepMillis: 0);
        var newer = await Api.StartSelftestAsync(steps: 1, stepMillis: 0);

        var list = (await Api.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json))!;

        var ids = list.Select(o => o.Id).ToList();
        Assert.True(ids.IndexOf(newer) >= 0 && ids.IndexOf(newer) < ids.IndexOf(older), string.Join(", ", ids));
    }
}
