// The expected behaviour is read from the real Image Hub API: layer5io/image-hub, api/main.go at commit
// 34c24da0d93aee6a5c35afb3744ac879543599ff (built with Go 1.13.5 per api/Dockerfile). In that source: every path is
// wrapped in CORSMiddleware (OPTIONS → 204 with Allow-Origin/Methods/Headers "*" and Max-Age 3600; otherwise
// Allow-Origin "*"); handlers ignore the method; bodies are json.Unmarshal'ed into map[string]string (failure → 500);
// signup stores the user and writes nothing (200); auth answers json.NewEncoder(w).Encode({"token": RawStdEncoding
// of json.Marshal({"username","plan"})}) or 400; upgrade answers a token with the new plan for a known user (400
// otherwise) on a copy of the user; hello (/pull) writes "Hello, " + Authorization + ", welcome to Istiocon 2021!".
using System.Net;
using System.Text;
using Meshdock.Server.Features.Filters.Sandbox;

namespace Meshdock.Server.Tests.Features.Filters.Sandbox;

public sealed class ImageHubUpstreamTests : IAsyncDisposable
{
    private readonly ImageHubUpstream _hub = new();
    private HttpClient? _client;

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _hub.DisposeAsync();
    }

    private async Task<HttpClient> ClientAsync() =>
        _client ??= new HttpClient { BaseAddress = new Uri(await _hub.GetUrlAsync(CancellationToken.None)) };

    public static TheoryData<string, string> PathsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { "/pull", "/auth", "/signup", "/upgrade" })
            foreach (var method in new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "BREW" })
                data.Add(path, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndMethods))]
    public async Task Every_method_reaches_the_handler_with_the_cors_origin(string path, string method)
    {
        using var response = await SendAsync(method, path, """{"username":"nobody","password":"x"}""");

        // /pull greets, /signup stores, /auth and /upgrade refuse the unknown user: never 404 or 405.
        var expected = path switch { "/pull" or "/signup" => HttpStatusCode.OK, _ => HttpStatusCode.BadRequest };
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/pull")]
    [InlineData("/auth")]
    [InlineData("/signup")]
    [InlineData("/upgrade")]
    public async Task Options_is_a_204_with_the_cors_headers(string path)
    {
        using var response = await SendAsync("OPTIONS", path, null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("*", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("*", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Signup_is_a_200_with_no_body_and_signing_up_again_overwrites()
    {
        using var first = await SendAsync("POST", "/signup", """{"username":"dana","password":"one","plan":"Team"}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Empty(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, first.Content.Headers.ContentLength);

        using var again = await SendAsync("POST", "/signup", """{"username":"dana","password":"two","plan":"Any plan at all"}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var oldPassword = await SendAsync("POST", "/auth", """{"username":"dana","password":"one"}""");
        Assert.Equal(HttpStatusCode.BadRequest, oldPassword.StatusCode);
        Assert.Empty(await oldPassword.Content.ReadAsByteArrayAsync());
        Assert.Equal("""{"plan":"Any plan at all","username":"dana"}""", Decode(await TokenAsync("dana", "two")));
    }

    [Fact]
    public async Task Auth_answers_the_token_as_the_real_app_encodes_it()
    {
        await SignUpAsync("alice", "pw", "Personal");

        using var response = await SendAsync("POST", "/auth", """{"username":"alice","password":"pw"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString()); // Go sniffs the JSON as text
        var body = await response.Content.ReadAsStringAsync();
        var expectedToken = Convert.ToBase64String("""{"plan":"Personal","username":"alice"}"""u8.ToArray()).TrimEnd('=');
        Assert.Equal($"{{\"token\":\"{expectedToken}\"}}\n", body);
        Assert.NotEqual(0, expectedToken.Length % 4); // unpadded: RawStdEncoding
    }

    [Fact]
    public async Task Token_json_uses_gos_escaping()
    {
        await SignUpAsync("a<b>&\"\\\u00e9\u2028\t", "pw", "Team");

        var token = await TokenAsync("a<b>&\"\\\u00e9\u2028\t", "pw");

        Assert.Equal("{\"plan\":\"Team\",\"username\":\"a\\u003cb\\u003e\\u0026\\\"\\\\\u00e9\\u2028\\t\"}", Decode(token));
    }

    [Theory]
    [InlineData("")] // json.Unmarshal of nothing fails
    [InlineData("not json")]
    [InlineData("""{"username": 5}""")] // not map[string]string
    [InlineData("""["alice"]""")]
    [InlineData("""{"username":"alice"} trailing""")]
    public async Task A_body_go_cannot_unmarshal_is_a_500_with_no_body(string body)
    {
        foreach (var path in new[] { "/auth", "/signup", "/upgrade" })
        {
            using var response = await SendAsync("POST", path, body);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Upgrade_answers_a_new_token_but_like_the_real_app_does_not_store_the_plan()
    {
        await SignUpAsync("erin", "pw", "Personal");

        using var unknown = await SendAsync("POST", "/upgrade", """{"username":"nobody","plan":"Team"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var upgraded = await SendAsync("POST", "/upgrade", """{"username":"erin","plan":"Enterprise"}""");
        Assert.Equal(HttpStatusCode.OK, upgraded.StatusCode);
        var token = (await upgraded.Content.ReadAsStringAsync()).Split('"')[3];
        Assert.Equal("""{"plan":"Enterprise","username":"erin"}""", Decode(token));
        Assert.Equal("""{"plan":"Personal","username":"erin"}""", Decode(await TokenAsync("erin", "pw")));
    }

    [Theory]
    [InlineData("eyJwbGFuIjoiUGVyc29uYWwiLCJ1c2VybmFtZSI6ImFsaWNlIn0")] // unpadded, as the real app issues it
    [InlineData("eyJwbGFuIjoiUGVyc29uYWwiLCJ1c2VybmFtZSI6ImFsaWNlIn0=")] // padded
    [InlineData("not a token at all")]
    [InlineData(null)]
    public async Task Pull_greets_whatever_the_token_as_checking_it_is_the_filters_job(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pull");
        if (token is not null)
            request.Headers.TryAddWithoutValidation("Authorization", token);

        using var response = await (await ClientAsync()).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Hello, {token}, welcome to Istiocon 2021!", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/pull/")]
    [InlineData("/Pull")]
    [InlineData("/images.js")]
    public async Task Other_paths_get_gos_plain_404_without_cors(string path)
    {
        using var response = await SendAsync("GET", path, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task SignUpAsync(string username, string password, string plan)
    {
        using var response = await SendAsync("POST", "/signup",
            System.Text.Json.JsonSerializer.Serialize(new { username, password, plan }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> TokenAsync(string username, string password)
    {
        using var response = await SendAsync("POST", "/auth", System.Text.Json.JsonSerializer.Serialize(new { username, password }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Base64 with or without padding, as a client of the real app must read it.</summary>
    private static string Decode(string token) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(token.PadRight(token.Length + (4 - token.Length % 4) % 4, '=')));

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await (await ClientAsync()).SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
