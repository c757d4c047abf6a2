using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;
using Microsoft.AspNetCore.SignalR;

namespace Meshdock.Server.Tests.Operations;

/// <summary>The SignalR .NET client receiving a selftest's events as seq 1..n over both transports the panel and scripts use.</summary>
public sealed class ProgressHubTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private HttpClient Api => fixture.Api;

    private async Task<string> TokenAsync() => (await Api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json))!.Token;

    [Fact]
    public async Task WebSockets_on_the_tcp_port_with_a_bearer_token_receive_seq_1_to_n_in_order()
    {
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());
        var id = await Api.StartSelftestAsync(steps: 20, stepMillis: 10);
        await hub.SubscribeAsync(id);

        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(22, events.Count);
        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal("succeeded", events[^1].Status);
        Assert.Equal(Enumerable.Range(1, 20), events.Where(e => e.Kind == "progress").Select(e => e.Data!.Value.GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task When_the_final_event_arrives_the_status_is_already_stored_and_the_target_free()
    {
        var target = "final-" + Guid.NewGuid().ToString("N")[..8];
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());
        var id = await Api.StartSelftestAsync(steps: 5, stepMillis: 10, target);
        await hub.SubscribeAsync(id);

        await hub.ReadUntilFinalAsync(id, Timeout);

        // Asked the moment the final event arrived: no window where the event says succeeded and the row does not.
        Assert.Equal("succeeded", (await Api.GetOperationAsync(id)).Status);
        var next = await Api.StartSelftestAsync(steps: 1, stepMillis: 0, target);
        Assert.NotEqual(id, next);
    }

    [Fact]
    public async Task WebSockets_accept_the_token_as_the_access_token_query_parameter()
    {
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, queryToken: await TokenAsync());
        var id = await Api.StartSelftestAsync(steps: 3, stepMillis: 0);
        await hub.SubscribeAsync(id);

        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(5, events.Count);
        ApiClient.AssertContiguousFromOne(events);
    }

    [Fact]
    public async Task WebSockets_on_the_tcp_port_are_refused_without_the_token_or_with_a_wrong_one()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort));
        await Assert.ThrowsAnyAsync<Exception>(() => ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: "not-the-token"));
    }

    [Fact]
    public async Task Long_polling_over_the_unix_socket_receives_seq_1_to_n_in_order()
    {
        await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);
        var id = await Api.StartSelftestAsync(steps: 30, stepMillis: 5);
        await hub.SubscribeAsync(id);

        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(32, events.Count);
        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal("succeeded", events[^1].Status);
    }

    [Fact]
    public async Task A_client_subscribing_after_the_operation_finished_gets_the_whole_history_once()
    {
        var id = await Api.StartSelftestAsync(steps: 10, stepMillis: 0);
        await Api.WaitForFinalAsync(id, Timeout);
        await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);

        await hub.SubscribeAsync(id);
        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(12, events.Count);
        ApiClient.AssertContiguousFromOne(events);
        await Task.Delay(300);
        Assert.Equal(12, hub.ReceivedFor(id).Count);
    }

    [Fact]
    public async Task Subscribing_with_afterSeq_replays_only_what_was_missed()
    {
        var id = await Api.StartSelftestAsync(steps: 10, stepMillis: 0);
        await Api.WaitForFinalAsync(id, Timeout);
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());

        await hub.SubscribeAsync(id, afterSeq: 7);
        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal([8L, 9, 10, 11, 12], events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Subscribing_while_events_stream_fast_gives_no_gap_and_no_duplicate()
    {
        // Replay from SQLite and live delivery overlap here: the subscription lands mid-stream.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());
            var id = await Api.StartSelftestAsync(steps: 3000, stepMillis: 0);
            await Task.Delay(attempt * 15);
            await hub.SubscribeAsync(id);

            var events = await hub.ReadUntilFinalAsync(id, Timeout);

            Assert.Equal(3002, events.Count);
            ApiClient.AssertContiguousFromOne(events);
        }
    }

    [Fact]
    public async Task SubscribeAll_delivers_events_of_operations_started_later()
    {
        await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);
        await hub.SubscribeAllAsync();

        var first = await Api.StartSelftestAsync(steps: 2, stepMillis: 0);
        var second = await Api.StartSelftestAsync(steps: 3, stepMillis: 0);

        ApiClient.AssertContiguousFromOne(await hub.ReadUntilFinalAsync(first, Timeout));
        Assert.Equal(5, (await hub.ReadUntilFinalAsync(second, Timeout)).Count);
    }

    [Fact]
    public async Task SubscribeAll_just_after_an_operation_started_replays_its_first_events_then_continues_live()
    {
        var id = await Api.StartSelftestAsync(steps: 40, stepMillis: 100);
        await WaitForSeqAsync(id, 3);
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());

        await hub.SubscribeAllAsync();
        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(42, events.Count);
        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal(("status", "running"), (events[0].Kind, events[0].Status));
        await Task.Delay(300);
        Assert.Equal(42, hub.ReceivedFor(id).Count);
    }

    [Fact]
    public async Task SubscribeAll_while_events_stream_fast_gives_no_gap_and_no_duplicate()
    {
        // The replay from SQLite and the live events of SubscribeAll overlap here: it lands mid-stream, while events are
        // committed every millisecond or so (a 0 ms selftest would often be over before SubscribeAll arrives,
        // and a finished operation is not replayed).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);
            var id = await Api.StartSelftestAsync(steps: 1000, stepMillis: 1);
            await WaitForSeqAsync(id, 1 + attempt * 200);
            await hub.SubscribeAllAsync();

            var events = await hub.ReadUntilFinalAsync(id, Timeout);

            Assert.Equal(1002, events.Count);
            ApiClient.AssertContiguousFromOne(events);
        }
    }

    [Fact]
    public async Task SubscribeAll_does_not_resend_what_a_Subscribe_on_the_same_connection_sent()
    {
        var id = await Api.StartSelftestAsync(steps: 40, stepMillis: 50);
        await WaitForSeqAsync(id, 5);
        await using var hub = await ProgressClient.ConnectOverTcpAsync(fixture.Server.TcpPort, bearerToken: await TokenAsync());

        await hub.SubscribeAsync(id);
        await hub.SubscribeAllAsync();
        var events = await hub.ReadUntilFinalAsync(id, Timeout);

        Assert.Equal(42, events.Count);
        ApiClient.AssertContiguousFromOne(events);
    }

    [Fact]
    public async Task SubscribeAll_does_not_replay_operations_that_had_finished()
    {
        var finished = await Api.StartSelftestAsync(steps: 3, stepMillis: 0);
        await Api.WaitForFinalAsync(finished, Timeout);
        await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);

        await hub.SubscribeAllAsync();
        var later = await Api.StartSelftestAsync(steps: 2, stepMillis: 0);
        await hub.ReadUntilFinalAsync(later, Timeout);

        Assert.Empty(hub.ReceivedFor(finished));
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_operation_is_an_error_with_a_sentence()
    {
        await using var hub = await ProgressClient.ConnectOverSocketAsync(fixture.Server.SocketPath!);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync("no-such-operation"));

        Assert.Contains("no operation 'no-such-operation'", error.Message, StringComparison.Ordinal);
    }

    private async Task WaitForSeqAsync(string id, long seq)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while ((await Api.GetOperationAsync(id)).LastSeq < seq)
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
