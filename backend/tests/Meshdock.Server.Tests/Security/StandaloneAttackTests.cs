using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Security;

/// <summary>
/// A web page the user happens to open, played against a real standalone server process: cross-site simple requests
/// to every state-changing endpoint, a DNS-rebinding Host, and the hub without a token or from a foreign Origin.
/// </summary>
public sealed class StandaloneAttackTests
{
    private const string Evil = "https://evil.example";

    [Fact]
    public async Task No_cross_site_simple_request_to_any_state_changing_endpoint_changes_anything()
    {
        var endpoints = await StateChangingEndpoints.ReadAsync();
        Assert.Contains(new StateChangingEndpoint("POST", "/api/cluster/kubeconfig"), endpoints);
        Assert.Contains(new StateChangingEndpoint("POST", "/api/cleanup"), endpoints);
        Assert.Contains(new StateChangingEndpoint("POST", "/api/cluster/kubeconfig/exec-confirmation"), endpoints);
        Assert.True(endpoints.Count >= 25, $"Only {endpoints.Count} state-changing endpoints were found: {string.Join(", ", endpoints)}");

        using var folder = new TempFolder();
        await using var server = await StartAsync(folder);
        using var api = server.Api;
        var seeded = await SeedAsync(api);
        var before = await SnapshotAsync(api, server);
        var refusals = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var url = StateChangingEndpoints.Url(endpoint, seeded.ValueFor);
            foreach (var attack in Attacks(server.TcpPort))
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url) { Content = attack.Body() };
                attack.Dress(request);
                using var response = await api.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var what = $"{endpoint} {attack.Name}";
                Assert.True(response.StatusCode == attack.Expected, $"{what}: {(int)response.StatusCode} {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
                Assert.False(string.IsNullOrWhiteSpace(detail), what);
                Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{what} has a CORS header");
                refusals.Add(what);
            }
        }

        Assert.Equal(endpoints.Count * Attacks(server.TcpPort).Count, refusals.Count);
        Assert.Equal(before, await SnapshotAsync(api, server));
        Assert.Equal("running", (await api.GetOperationAsync(seeded.RunningOperation)).Status);
        using var cancel = await api.PostActionAsync($"/api/operations/{seeded.RunningOperation}/cancel");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode); // the same request, sent as the panel sends it, works
    }

    [Fact]
    public async Task A_rebinding_Host_gets_403_and_loopback_names_are_served()
    {
        using var folder = new TempFolder();
        await using var server = await StartAsync(folder);
        using var api = server.Api;
        var port = server.TcpPort;

        foreach (var host in new[] { $"rebind.evil.example:{port}", "rebind.evil.example", $"192.0.2.1:{port}", $"127.0.0.1.evil.example:{port}" })
        {
            foreach (var request in new[]
                     {
                         new HttpRequestMessage(HttpMethod.Get, "/api/session"),
                         new HttpRequestMessage(HttpMethod.Get, "/"),
                         new HttpRequestMessage(HttpMethod.Post, "/api/operations/selftest") { Content = JsonContent.Create(new { steps = 1 }) },
                     })
            {
                request.Headers.Host = host;
                using var response = await api.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{request.Method} {request.RequestUri} as {host}: {(int)response.StatusCode} {body}");
                Assert.Contains("answers only to loopback names", body, StringComparison.Ordinal);
                Assert.DoesNotContain(await api.GetSessionTokenAsync(), body, StringComparison.Ordinal);
            }
        }

        Assert.Empty(await api.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json) ?? []);
        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", "localhost", $"[::1]:{port}", "LOCALHOST", "127.0.0.2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
            request.Headers.Host = host;
            using var response = await api.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {host}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_hub_refuses_a_missing_token_and_a_foreign_Origin_and_serves_the_panel()
    {
        using var folder = new TempFolder();
        await using var server = await StartAsync(folder);
        using var api = server.Api;
        var token = await api.GetSessionTokenAsync();
        var port = server.TcpPort;
        var hub = $"ws://127.0.0.1:{port}/hubs/progress";

        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketStatusAsync(hub, origin: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketStatusAsync(hub + "?access_token=guess", origin: $"http://127.0.0.1:{port}"));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketStatusAsync($"{hub}?access_token={token}", origin: Evil));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketStatusAsync($"{hub}?access_token={token}", origin: "null"));

        foreach (var (origin, query, expected) in new[]
                 {
                     ((string?)null, "", HttpStatusCode.Unauthorized),
                     (Evil, $"&access_token={token}", HttpStatusCode.Forbidden),
                     ($"http://127.0.0.1:{port}", $"&access_token={token}", HttpStatusCode.OK),
                 })
        {
            // Long polling posts text/plain; the token and the Origin guard the hub, not the content type.
            using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"/hubs/progress/negotiate?negotiateVersion=1{query}")
            {
                Content = new StringContent("", Encoding.UTF8, "text/plain"),
            };
            if (origin is not null)
            {
                negotiate.Headers.Add("Origin", origin);
            }

            using var response = await api.SendAsync(negotiate);
            Assert.Equal(expected, response.StatusCode);
        }

        // The panel: same origin, with the token. Streams every operation.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await WebSocketStatusAsync($"{hub}?access_token={token}", origin: $"http://127.0.0.1:{port}"));
        await using var panel = await ProgressClient.ConnectStandaloneAsync(server);
        await panel.SubscribeAllAsync();
        var id = await api.StartSelftestAsync(steps: 2, stepMillis: 10);
        Assert.Equal("succeeded", (await panel.ReadUntilFinalAsync(id, TimeSpan.FromSeconds(30)))[^1].Status);
    }

    [Fact]
    public async Task Configured_hosts_and_origins_are_served_with_CORS_for_the_origin_only()
    {
        using var folder = new TempFolder();
        await using var server = await StartAsync(folder, "--allowed-hosts", "meshdock.test", "--allowed-origins", "http://localhost:5173");
        using var api = server.Api;

        using var byName = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        byName.Headers.Host = $"meshdock.test:{server.TcpPort}";
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(byName)).StatusCode);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/operations/selftest");
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await api.SendAsync(preflight);
        Assert.True(allowed.IsSuccessStatusCode, $"{(int)allowed.StatusCode}");
        Assert.Equal("http://localhost:5173", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var dev = new HttpRequestMessage(HttpMethod.Post, "/api/operations/selftest") { Content = JsonContent.Create(new { steps = 1 }) };
        dev.Headers.Add("Origin", "http://localhost:5173");
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(dev)).StatusCode);

        using var foreign = new HttpRequestMessage(HttpMethod.Options, "/api/operations/selftest");
        foreign.Headers.Add("Origin", Evil);
        foreign.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await api.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Listening_beyond_loopback_logs_what_it_exposes()
    {
        using var folder = new TempFolder();
        await using var server = await StartAsync(folder, "--urls", "http://127.0.0.1:0;http://0.0.0.0:0");
        await server.StopAsync();

        Assert.Contains("which is not a loopback address: any program on a machine that can reach it can drive this Meshdock", server.Output, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0:0", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_allowed_origin_stops_start_up_with_a_sentence()
    {
        using var folder = new TempFolder();
        var (exitCode, output) = await ServerProcess.RunToExitAsync(folder.File("data"), "--allowed-origins", "localhost:5173/app");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("'localhost:5173/app' in --allowed-origins is not an origin", output, StringComparison.Ordinal);
    }

    private sealed record Attack(string Name, Func<HttpContent?> Body, Action<HttpRequestMessage> Dress, HttpStatusCode Expected);

    /// <summary>What a page can send without a preflight, labelled by its browser (Origin) or not, and a rebinding page.</summary>
    private static IReadOnlyList<Attack> Attacks(int port)
    {
        var simple = new (string Name, Func<HttpContent?> Body)[]
        {
            ("text/plain", () => new StringContent("{\"kubeconfig\":\"x\",\"mesh\":\"istio\"}", Encoding.UTF8, "text/plain")),
            ("form", () => new FormUrlEncodedContent([new("kubeconfig", "x"), new("mesh", "istio")])),
            ("multipart", () => new MultipartFormDataContent { { new StringContent("istio"), "mesh" } }),
            ("no body", () => null),
        };
        Action<HttpRequestMessage> foreignOrigin = r => r.Headers.Add("Origin", Evil);
        Action<HttpRequestMessage> nullOrigin = r => r.Headers.Add("Origin", "null");
        Action<HttpRequestMessage> noOrigin = _ => { };
        Action<HttpRequestMessage> rebound = r => r.Headers.Host = $"rebind.evil.example:{port}";
        return
        [
            .. simple.Select(s => new Attack($"{s.Name} from {Evil}", s.Body, foreignOrigin, HttpStatusCode.Forbidden)),
            .. simple.Select(s => new Attack($"{s.Name} from an opaque origin", s.Body, nullOrigin, HttpStatusCode.Forbidden)),
            .. simple.Select(s => new Attack($"{s.Name} without Origin", s.Body, noOrigin, HttpStatusCode.UnsupportedMediaType)),
            new("JSON from a foreign origin", () => JsonContent.Create(new { }), foreignOrigin, HttpStatusCode.Forbidden),
            new("JSON under a rebinding Host", () => JsonContent.Create(new { }), rebound, HttpStatusCode.Forbidden),
        ];
    }

    private sealed record Seeded(string RunningOperation, string Profile)
    {
        public string ValueFor(string pattern, string parameter) => (pattern, parameter) switch
        {
            (_, _) when pattern.StartsWith("/api/operations/", StringComparison.Ordinal) => RunningOperation,
            (_, _) when pattern.StartsWith("/api/perf/profiles/", StringComparison.Ordinal) => Profile,
            (_, _) when pattern.StartsWith("/api/filters/", StringComparison.Ordinal) => "rate-limit",
            (_, "app") => "httpbin",
            (_, "name") => "default",
            _ => "istio",
        };
    }

    /// <summary>Something for the attacks to hit: a running operation to cancel and a profile to change or delete.</summary>
    private static async Task<Seeded> SeedAsync(HttpClient api)
    {
        var running = await api.StartSelftestAsync(steps: 600, stepMillis: 500);
        using var profile = await api.PostAsJsonAsync("/api/perf/profiles",
            new { name = "kept", spec = new { urls = new[] { "http://127.0.0.1:9/" }, model = "closed", connections = 1, requests = 5 } });
        Assert.Equal(HttpStatusCode.Created, profile.StatusCode);
        var profileId = (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new Seeded(running, profileId);
    }

    /// <summary>Everything an attack could have changed, as the API and the data folder show it.</summary>
    private static async Task<string> SnapshotAsync(HttpClient api, ServerProcess server)
    {
        var text = new StringBuilder();
        var operations = await api.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json) ?? [];
        text.AppendLine(string.Join(", ", operations.Select(o => $"{o.Id}:{o.Kind}:{o.Status}")));
        foreach (var url in new[] { "/api/perf/profiles", "/api/perf/runs", "/api/filters", "/api/sandbox", "/api/cluster/contexts" })
        {
            text.AppendLine(await api.GetStringAsync(url));
        }

        foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("meshdock.db", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            text.AppendLine($"{Path.GetRelativePath(server.DataDirectory, file)} {new FileInfo(file).Length}");
        }

        return text.ToString();
    }

    private static Task<ServerProcess> StartAsync(TempFolder folder, params string[] extra) =>
        ServerProcess.StartAsync(socket: false, dataDirectory: folder.File("data"),
            extraArgs: [$"--Cluster:Kubeconfig={folder.File("no-kubeconfig")}", "--Cluster:InContainer=false", .. extra]);

    /// <summary>The status a WebSocket handshake got: 101 when it was accepted.</summary>
    private static async Task<HttpStatusCode> WebSocketStatusAsync(string url, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new Uri(url), timeout.Token);
            return socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }
}
