using System.Diagnostics;
using System.Text;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>A request the backend sends through a sandbox on the user's behalf: the panel cannot reach the sandbox's
/// loopback port when the backend runs in Docker Desktop's VM, so "try a request" goes through the API.</summary>
/// <param name="Path">Path and query, starting with '/'.</param>
/// <param name="Body">Sent as UTF-8 text; null for none.</param>
public sealed record SampleRequest(string? Method, string? Path, Dictionary<string, string>? Headers, string? Body);

/// <param name="Body">The response body as text (at most 64 KiB).</param>
public sealed record SampleResponse(int Status, Dictionary<string, string> Headers, string Body, double DurationMs);

/// <summary>Sends <see cref="SampleRequest"/>s through a sandbox.</summary>
public sealed class SampleRequestSender : IDisposable
{
    private const int MaxBodyChars = 64 * 1024;
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static Validation Validate(SampleRequest request) => new Validation()
        .Check(request.Method is null || Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase), "method",
            $"'method' must be one of {string.Join(", ", Methods)}.")
        .Check(request.Path is { Length: > 0 } path && path[0] == '/' && Uri.TryCreate("http://sandbox" + path, UriKind.Absolute, out _), "path",
            "'path' must start with '/', such as /pull or /auth.");

    public async Task<SampleResponse> SendAsync(string sandboxUrl, SampleRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod((request.Method ?? "GET").ToUpperInvariant()), sandboxUrl + request.Path);
        var contentType = request.Headers?.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        foreach (var (name, value) in request.Headers ?? [])
        {
            if (!name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var clock = Stopwatch.StartNew();
        using var response = await _client.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        clock.Stop();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value), StringComparer.Ordinal);
        return new SampleResponse((int)response.StatusCode, headers, body.Length > MaxBodyChars ? body[..MaxBodyChars] : body,
            clock.Elapsed.TotalMilliseconds);
    }

    public void Dispose() => _client.Dispose();
}
