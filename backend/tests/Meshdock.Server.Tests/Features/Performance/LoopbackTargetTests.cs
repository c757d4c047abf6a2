using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// In container mode the local runner's localhost is the extension's container: a loopback target goes to the host
/// gateway name instead, and the result says so. Here the gateway is named localhost, which this machine resolves.
/// </summary>
public sealed class LoopbackTargetTests : IAsyncDisposable
{
    private readonly CountingUpstream _upstream = new();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Fact]
    public async Task A_loopback_target_goes_to_the_host_gateway_and_the_result_says_so()
    {
        await using var server = await ServerProcess.StartAsync(extraArgs: ["--Perf:HostGateway=localhost"]);
        using var api = server.Api;
        var target = _upstream.Url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        using var response = await api.PostAsJsonAsync("/api/perf/runs", new { spec = new { urls = new[] { target }, model = "closed", connections = 2, requests = 50 } });
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;

        var events = await api.PollEventsUntilFinalAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", events[^1].Status);
        Assert.Contains(events, e => e.Message.Contains("localhost is the container", StringComparison.Ordinal));
        var run = await api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
        var placement = run.GetProperty("summary").GetProperty("placement");
        Assert.Equal("local", placement.GetProperty("where").GetString());
        Assert.Equal(target, placement.GetProperty("targetRewrittenFrom").GetString());
        Assert.StartsWith("http://localhost:", run.GetProperty("result").GetProperty("spec").GetProperty("urls")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(50, _upstream.Count);
    }
}
