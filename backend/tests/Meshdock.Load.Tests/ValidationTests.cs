namespace Meshdock.Load.Tests;

public sealed class ValidationTests
{
    private static readonly LoadSpec Valid = new()
    {
        Urls = ["http://127.0.0.1:8080/"],
        Rps = 100,
        Connections = 4,
        Duration = TimeSpan.FromSeconds(10),
    };

    public static TheoryData<LoadSpec, string, string> Invalid => new()
    {
        { Valid with { Urls = [] }, "urls", "At least one" },
        { Valid with { Urls = ["ftp://host/"] }, "urls[0]", "use http, https, grpc" },
        { Valid with { Urls = ["http://ok/", "not a url"] }, "urls[1]", "not an absolute URL" },
        { Valid with { Rps = 0 }, "rps", "1 to 1,000,000" },
        { Valid with { Rps = 1_000_001 }, "rps", "1 to 1,000,000" },
        { Valid with { Connections = 0 }, "connections", "1 to 10,000" },
        { Valid with { Connections = 10_001 }, "connections", "1 to 10,000" },
        { Valid with { Duration = TimeSpan.FromMilliseconds(500) }, "duration", "1 s to 1 h" },
        { Valid with { Duration = TimeSpan.FromHours(2) }, "duration", "1 s to 1 h" },
        { Valid with { Duration = null }, "duration", "Set a duration" },
        { Valid with { Body = new string('x', 10 * 1024 * 1024 + 1) }, "body", "10 MiB" },
        { Valid with { Method = "GET ME" }, "method", "not a valid HTTP method" },
        { Valid with { Headers = new Dictionary<string, string> { ["Content-Length"] = "5" } }, "headers.Content-Length", "managed by the load generator" },
        { Valid with { Headers = new Dictionary<string, string> { ["X-A"] = "a\r\nb" } }, "headers.X-A", "line break" },
        { Valid with { Cookies = new Dictionary<string, string> { ["c"] = "a;b" } }, "cookies.c", "';'" },
        { Valid with { CaCertificatePem = "not a pem" }, "caCertificatePem", "PEM" },
        { Valid with { Urls = ["http://a/", "http://b/"], Connections = 1 }, "connections", "one connection per URL" },
        { Valid with { Timeout = TimeSpan.Zero }, "timeout", "1 ms to 5 min" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_bound_is_reported_with_its_field_and_a_sentence(LoadSpec spec, string field, string phrase)
    {
        var error = Assert.Single(LoadSpecValidator.Validate(spec));

        Assert.Equal(field, error.Field);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_spec_has_no_errors_and_the_runner_refuses_an_invalid_one()
    {
        Assert.Empty(LoadSpecValidator.Validate(Valid));
        Assert.Empty(LoadSpecValidator.Validate(Valid with { Rps = null, Duration = null, Requests = 10 }));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.RunAsync(Valid with { Connections = 0 }));
        Assert.Contains("connections", error.Message, StringComparison.Ordinal);
    }
}
