using System.Net;
using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;

namespace Meshdock.Server.Tests.Platform.Hosting;

/// <summary>Standalone mode: no socket; one TCP origin serves the UI, the API and the hub (with the session token).</summary>
public sealed class StandaloneTests
{
    [Fact]
    public async Task One_origin_serves_api_ui_and_hub()
    {
        await using var server = await ServerProcess.StartAsync(socket: false);
        using var api = server.Api;

        var health = await api.GetFromJsonAsync<HealthDto>("/api/health", ApiClient.Json);
        Assert.Equal("ok", health!.Status);
        using var ui = await api.GetAsync("/");
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);

        await using var hub = await ProgressClient.ConnectStandaloneAsync(server);
        var id = await api.StartSelftestAsync(steps: 5, stepMillis: 20);
        await hub.SubscribeAsync(id);
        var events = await hub.ReadUntilFinalAsync(id, TimeSpan.FromSeconds(30));

        ApiClient.AssertContiguousFromOne(events);
        Assert.Equal(7, events.Count); // running, 5 progress, succeeded
        Assert.Equal("succeeded", events[^1].Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/operations/{id}")).StatusCode);
    }
}
