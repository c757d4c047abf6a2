using System.Text;
using System.Text.Json;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>The rate-limit filter built by <c>make filters</c>, and Image Hub's tokens for it.</summary>
internal static class RateLimitFilter
{
    public const string ImageHubRules = """{"paths": ["/pull"], "limits": {"Personal": 10, "Team": 100, "Enterprise": 0}}""";

    private static readonly Lazy<byte[]> Bytes = new(Read);

    public static byte[] Module => Bytes.Value;

    public static FilterHost Load(FilterHostOptions? options = null, string rules = ImageHubRules) =>
        FilterHost.Load(Module, rules, options ?? new FilterHostOptions { PluginName = "rate-limit" });

    /// <summary>Image Hub's token: base64 of {"username", "plan"}.</summary>
    /// <summary>A token as Image Hub (layer5io/image-hub api/main.go) makes it: Go's JSON of the map, keys sorted, in
    /// unpadded standard base64 (<c>base64.RawStdEncoding</c>).</summary>
    public static string Token(string username, string plan) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { plan, username }))).TrimEnd('=');

    public static HeaderMap Pull(string? token, string path = "/pull", string method = "GET") =>
        HeaderMap.ForRequest(method, path, "imagehub.local",
            headers: token is null ? [] : [new("authorization", token)]);

    /// <summary>Runs one request's headers through a new stream and ends the stream.</summary>
    public static FilterResult Send(FilterHost host, HeaderMap headers)
    {
        using var stream = host.CreateStream();
        return stream.OnRequestHeaders(headers, endOfStream: true);
    }

    private static byte[] Read()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "filters", "rate-limit")))
            {
                var path = Path.Combine(directory.FullName, "filters", "rate-limit", "rate-limit.wasm");
                Assert.True(File.Exists(path), $"{path} is missing: run `make filters` at the repository root (it needs clang, lld and wasi-libc) before these tests.");
                return File.ReadAllBytes(path);
            }
        }

        Assert.Fail("Could not find the repository's filters/rate-limit folder above the test binaries; run the tests from the repository (`make test`).");
        return [];
    }
}
