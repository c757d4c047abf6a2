using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Validation;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>The C rate-limit filter (filters/rate-limit) running in the host, with Image Hub's rules.</summary>
public sealed class RateLimitFilterTests
{
    private static readonly DateTimeOffset MinuteStart = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheBuiltFilterIsAValidAbi021Module()
    {
        var result = ModuleValidator.Validate(RateLimitFilter.Module);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(ProxyAbiVersion.V021, result.Report!.AbiVersion);
        Assert.All(result.Report.Imports, i => Assert.StartsWith("env.proxy_", i, StringComparison.Ordinal));
    }

    [Fact]
    public void PersonalGetsTenPullsAMinuteThen429WithTheHeaders()
    {
        var clock = new FakeClock(MinuteStart.AddSeconds(15));
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = clock });
        var token = RateLimitFilter.Token("bob", "Personal");

        var results = Enumerable.Range(0, 11).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(token))).ToList();

        Assert.All(results.Take(10), r => Assert.Equal(FilterAction.Continue, r.Action));
        var limited = results[10];
        Assert.Equal(FilterAction.LocalResponse, limited.Action);
        Assert.Equal(429, limited.Response!.StatusCode);
        var headers = new HeaderMap(limited.Response.Headers);
        Assert.Equal("10", headers.Get("x-rate-limit"));
        Assert.Equal("bob", headers.Get("x-app-user"));
        Assert.Equal("45", headers.Get("retry-after"));
        Assert.Equal("Limit exceeded.\n", System.Text.Encoding.UTF8.GetString(limited.Response.Body.Span));
    }

    [Theory]
    [InlineData("alice")] // 38 bytes of JSON: the padded form would end in "="
    [InlineData("bobb")] // 37 bytes: "=="
    public void ImageHubsUnpaddedTokensAreRead(string user)
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = new FakeClock(MinuteStart) });
        var token = RateLimitFilter.Token(user, "Personal");
        Assert.NotEqual(0, token.Length % 4);

        var results = Enumerable.Range(0, 11).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(token))).ToList();

        Assert.All(results.Take(10), r => Assert.Equal(FilterAction.Continue, r.Action));
        Assert.Equal(429, results[10].Response!.StatusCode);
        Assert.Equal(user, new HeaderMap(results[10].Response!.Headers).Get("x-app-user"));
    }

    [Fact]
    public void TeamGetsAHundredAndEnterpriseIsUnlimited()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = new FakeClock(MinuteStart) });
        var team = RateLimitFilter.Token("tina", "Team");
        var enterprise = RateLimitFilter.Token("erin", "Enterprise");

        var teamResults = Enumerable.Range(0, 101).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(team))).ToList();
        var enterpriseResults = Enumerable.Range(0, 500).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(enterprise))).ToList();

        Assert.Equal(100, teamResults.Count(r => r.Action == FilterAction.Continue));
        Assert.Equal(429, teamResults[100].Response?.StatusCode);
        Assert.All(enterpriseResults, r => Assert.Equal(FilterAction.Continue, r.Action));
    }

    [Fact]
    public void UsersAreCountedSeparately()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = new FakeClock(MinuteStart) });
        var bob = RateLimitFilter.Token("bob", "Personal");
        var alice = RateLimitFilter.Token("alice", "Personal");
        for (var i = 0; i < 10; i++)
        {
            RateLimitFilter.Send(host, RateLimitFilter.Pull(bob));
        }

        Assert.Equal(429, RateLimitFilter.Send(host, RateLimitFilter.Pull(bob)).Response?.StatusCode);
        Assert.Equal(FilterAction.Continue, RateLimitFilter.Send(host, RateLimitFilter.Pull(alice)).Action);
    }

    [Theory]
    [InlineData(null, "Missing token")]
    [InlineData("", "Invalid token")]
    [InlineData("not base64!", "Invalid token")]
    [InlineData("bm90IGpzb24=", "Invalid token")] // base64 of "not json"
    [InlineData("eyJ1c2VybmFtZSI6ICJib2IifQ==", "Invalid token")] // {"username": "bob"}: no plan
    [InlineData("eyJ1c2VybmFtZSI6ICJib2IiLCAicGxhbiI6ICJHb2xkIn0=", "no rate limit configured")] // plan "Gold"
    [InlineData("eyJ1c2VybmFtZSI6ICJib2IiLCAicGxhbiI6ICJQZXJzb25hbCJ", "Invalid token")] // truncated base64
    public void MissingOrBrokenTokensOnALimitedPathGet401(string? token, string expectedBody)
    {
        using var host = RateLimitFilter.Load();

        var result = RateLimitFilter.Send(host, RateLimitFilter.Pull(token));

        Assert.Equal(401, result.Response?.StatusCode);
        Assert.Contains(expectedBody, System.Text.Encoding.UTF8.GetString(result.Response!.Body.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"username": "bob", "plan": "Personal"}""", "bob")]
    [InlineData("""{"plan":"Personal","username":"bob","issued":1700000000,"roles":["a",{"b":null}]}""", "bob")]
    [InlineData("""{"username": "b\u00f6b", "plan": "Personal"}""", "böb")]
    [InlineData("""{"username": "\ud83d\ude00", "plan": "Personal"}""", "😀")]
    public void TokensAreReadWhateverTheirFieldOrderExtraFieldsOrEscapes(string json, string user)
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = new FakeClock(MinuteStart) });
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var tokens = new[]
        {
            Convert.ToBase64String(bytes),
            Convert.ToBase64String(bytes).TrimEnd('='),
            Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_'),
        };

        var results = Enumerable.Range(0, 11).Select(i => RateLimitFilter.Send(host, RateLimitFilter.Pull(tokens[i % 3]))).ToList();

        Assert.All(results.Take(10), r => Assert.Equal(FilterAction.Continue, r.Action));
        Assert.Equal(user, new HeaderMap(results[10].Response!.Headers).Get("x-app-user"));
    }

    [Theory]
    [InlineData("""{"username": "bob\r\nx-admin: 1", "plan": "Personal"}""")]
    [InlineData("""{"username": "", "plan": "Personal"}""")]
    [InlineData("""{"username": "bob", "plan": "Personal"} trailing""")]
    [InlineData("""["bob", "Personal"]""")]
    public void TokensThatCannotBeTrustedAreRefused(string json)
    {
        using var host = RateLimitFilter.Load();
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(401, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Response?.StatusCode);
    }

    [Theory]
    [InlineData("/", "GET")]
    [InlineData("/auth", "POST")]
    [InlineData("/pull/extra", "GET")]
    [InlineData("/pull", "OPTIONS")]
    public void OtherPathsAndPreflightsPassUntouched(string path, string method)
    {
        using var host = RateLimitFilter.Load();
        var headers = RateLimitFilter.Pull(token: null, path, method);
        var before = headers.ToList();

        var result = RateLimitFilter.Send(host, headers);

        Assert.Equal(FilterAction.Continue, result.Action);
        Assert.Equal(before, headers.ToList());
    }

    [Fact]
    public void TheQueryStringDoesNotEscapeTheLimit()
    {
        using var host = RateLimitFilter.Load();

        Assert.Equal(401, RateLimitFilter.Send(host, RateLimitFilter.Pull(null, "/pull?image=nginx")).Response?.StatusCode);
    }

    [Fact]
    public void TheCountStartsAgainInTheNextMinute()
    {
        var clock = new FakeClock(MinuteStart.AddSeconds(50));
        using var host = RateLimitFilter.Load(new FilterHostOptions { Clock = clock });
        var token = RateLimitFilter.Token("bob", "Personal");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(FilterAction.Continue, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Action);
        }

        Assert.Equal(429, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Response?.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(429, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Response?.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));

        var nextMinute = Enumerable.Range(0, 11).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(token))).ToList();
        Assert.Equal(10, nextMinute.Count(r => r.Action == FilterAction.Continue));
        Assert.Equal(429, nextMinute[10].Response?.StatusCode);
    }

    [Fact]
    public void InstancesOfThePoolShareOneCounter()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { PoolSize = 2, Clock = new FakeClock(MinuteStart) });
        var token = RateLimitFilter.Token("bob", "Personal");

        var results = Enumerable.Range(0, 12).Select(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(token))).ToList();

        Assert.Equal(2, host.InstancesStarted); // streams alternate between the two instances
        Assert.Equal(10, results.Count(r => r.Action == FilterAction.Continue));
        Assert.Equal([429, 429], results.Skip(10).Select(r => r.Response?.StatusCode));
    }

    [Fact]
    public async Task ConcurrentRequestsOnFourInstancesLetExactlyTheLimitThrough()
    {
        using var host = RateLimitFilter.Load(new FilterHostOptions { PoolSize = 4, Clock = new FakeClock(MinuteStart) });
        var token = RateLimitFilter.Token("tina", "Team");
        Assert.Equal(FilterAction.Continue, RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Action); // creates the key

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 60).Count(_ => RateLimitFilter.Send(host, RateLimitFilter.Pull(token)).Action == FilterAction.Continue)));
        var allowed = (await Task.WhenAll(workers)).Sum();

        Assert.Equal(99, allowed);
        Assert.Equal(4, host.InstancesStarted);
    }

    [Theory]
    [InlineData("", "the plugin configuration is empty")]
    [InlineData("""{"paths": ["/pull"]}""", "both \"paths\" and \"limits\" are required")]
    [InlineData("""{"paths": "/pull", "limits": {}}""", "\"paths\" must be an array of strings")]
    [InlineData("""{"paths": ["pull"], "limits": {}}""", "starting with '/'")]
    [InlineData("""{"paths": ["/pull"], "limits": {"Personal": -1}}""", "whole number")]
    [InlineData("""{"paths": ["/pull"], "limits": {"Personal": 10}, "limit": 3}""", "only \"paths\" and \"limits\"")]
    [InlineData("""{"paths": ["/pull"], "limits": {"Personal": 10}""", "not well-formed")]
    public void ABadConfigurationIsRefusedWithTheFiltersSentence(string rules, string expected)
    {
        var error = Assert.Throws<FilterLoadException>(() => RateLimitFilter.Load(rules: rules));

        Assert.Contains("rejected its plugin configuration", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFilterLogsItsConfiguration()
    {
        var log = new RecordingLog();
        using var host = RateLimitFilter.Load(new FilterHostOptions { PluginName = "rate-limit", Log = log.Add });

        var entry = Assert.Single(log.Entries);
        Assert.Equal(ProxyLogLevel.Info, entry.Level);
        Assert.Equal("rate-limit", entry.PluginName);
        Assert.Equal("rate-limit: limiting 1 path(s) for 3 plan(s) per minute", entry.Message);
    }
}
