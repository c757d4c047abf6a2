using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;

namespace Meshdock.Server.Tests.Platform.Session;

/// <summary>The session token travels in a query string (browsers' WebSockets cannot send headers); logs must never show it.</summary>
public sealed class LogTests
{
    [Fact]
    public async Task The_token_never_appears_in_the_log_even_at_debug_level()
    {
        await using var server = await ServerProcess.StartAsync(extraArgs:
            ["--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug"]);
        using var api = server.Api;
        var token = (await api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json))!.Token;

        // Token in the query (as the browser sends it), over WebSockets and a plain negotiate, and as a header.
        await using (var hub = await ProgressClient.ConnectOverTcpAsync(server.TcpPort, queryToken: token))
        {
            var id = await api.StartSelftestAsync(steps: 3, stepMillis: 0);
            await hub.SubscribeAsync(id);
            await hub.ReadUntilFinalAsync(id, TimeSpan.FromSeconds(30));
        }

        using var tcp = new HttpClient { BaseAddress = server.TcpBaseAddress };
        (await tcp.PostAsync($"/hubs/progress/negotiate?negotiateVersion=1&access_token={token}", null)).Dispose();
        await using (await ProgressClient.ConnectOverTcpAsync(server.TcpPort, bearerToken: token))
        {
        }

        await Task.Delay(500); // let the console logger flush
        var output = server.Output;
        Assert.Contains("/hubs/progress", output, StringComparison.Ordinal); // the requests were logged...
        Assert.DoesNotContain(token, output, StringComparison.Ordinal); // ...without the token
        Assert.DoesNotContain("access_token", output, StringComparison.Ordinal);
    }
}
