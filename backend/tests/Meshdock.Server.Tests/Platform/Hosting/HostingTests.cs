using System.Net;
using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;

namespace Meshdock.Server.Tests.Platform.Hosting;

/// <summary>The two modes and their endpoints, over a real Unix socket and a real TCP port.</summary>
public sealed class HostingTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private HttpClient Api => fixture.Api;

    [Fact]
    public async Task Health_answers_on_the_socket_with_version_and_uptime()
    {
        using var response = await Api.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<HealthDto>(ApiClient.Json);
        Assert.Equal("ok", health!.Status);
        Assert.Equal("0.1.0", health.Version);
        Assert.InRange(health.UptimeSeconds, 0, 3600);
    }

    [Fact]
    public async Task With_socket_and_urls_the_tcp_port_serves_the_hub_only()
    {
        using var tcp = new HttpClient { BaseAddress = fixture.Server.TcpBaseAddress };

        using var health = await tcp.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        Assert.Equal("application/problem+json", health.Content.Headers.ContentType?.MediaType);
        Assert.Contains("only the progress hub", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var session = await tcp.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.NotFound, session.StatusCode); // the token is never handed out on TCP

        using var root = await tcp.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
    }

    [Fact]
    public async Task The_hub_port_refuses_negotiation_without_the_token_and_accepts_it_as_query_or_bearer()
    {
        var token = (await Api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json))!.Token;
        using var tcp = new HttpClient { BaseAddress = fixture.Server.TcpBaseAddress };

        using var without = await tcp.PostAsync("/hubs/progress/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("access_token", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = await tcp.PostAsync("/hubs/progress/negotiate?negotiateVersion=1&access_token=guess", null);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var query = await tcp.PostAsync($"/hubs/progress/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/progress/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new("Bearer", token);
        using var bearer = await tcp.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_on_the_hub_port_allows_the_panels_origin()
    {
        using var tcp = new HttpClient { BaseAddress = fixture.Server.TcpBaseAddress };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/hubs/progress/negotiate");
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await tcp.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Session_gives_a_token_and_no_hub_port_without_an_engine_socket()
    {
        var first = await Api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json);
        var second = await Api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json);

        Assert.True(first!.Token.Length >= 32, $"token '{first.Token}' is too short");
        Assert.Equal(first.Token, second!.Token); // made once at start-up
        Assert.Null(first.HubPort);
    }

    [Fact]
    public async Task Non_api_paths_get_the_ui_or_a_sentence_saying_how_to_build_it()
    {
        using var response = await Api.GetAsync("/meshes/istio");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var uiBuilt = File.Exists(Path.Combine(RepoPaths.Backend, "..", "ui", "dist", "index.html"));
        Assert.Contains(uiBuilt ? "<div id=\"root\"" : "make run", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced_and_its_folder_created()
    {
        using var folder = new TempFolder();
        var run = Path.Combine(folder.Path, "nested", "run");
        Directory.CreateDirectory(run);
        var socket = Path.Combine(run, "meshdock.sock");
        await File.WriteAllTextAsync(socket, "left behind by a killed process");

        await using var server = await ServerProcess.StartAsync(tcp: false, dataDirectory: Path.Combine(folder.Path, "data"),
            socketPath: socket);
        using var api = SocketHttp.CreateClient(socket);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/health")).StatusCode);
    }
}
