using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Meshdock.Load.Grpc;

namespace Meshdock.Load;

/// <summary>
/// Checks a <see cref="LoadSpec"/> against <see cref="LoadLimits"/>. Every error names its field in camelCase
/// (<c>urls[1]</c>, <c>headers.X-Foo</c>) so an API can return them as a validation problem.
/// </summary>
public static class LoadSpecValidator
{
    // RFC 9110 token characters, for methods and header/cookie names.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Framing headers the client writes itself; letting users set them would desynchronise the connection.
    private static readonly string[] ReservedHeaders = ["Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Keep-Alive"];

    public static IReadOnlyList<LoadSpecError> Validate(LoadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<LoadSpecError>();
        void Add(string field, string message) => errors.Add(new LoadSpecError(field, message));

        if (spec.Urls is null || spec.Urls.Count == 0)
            Add("urls", "At least one target URL is required, for example http://127.0.0.1:8080/.");
        else
            for (var i = 0; i < spec.Urls.Count; i++)
                if (CheckUrl(spec.Urls[i]) is { } problem)
                    Add($"urls[{i}]", problem);
        if (spec.Urls is { Count: > 1 } && spec.Urls.Any(u => u is not null && GrpcTarget.IsGrpc(u)) && !spec.Urls.All(u => u is not null && GrpcTarget.IsGrpc(u)))
            Add("urls", "Mix of gRPC and HTTP targets; a run sends one kind of request, so use only grpc:// URLs or only http(s):// URLs.");

        if (errors.Count == 0)
            errors.AddRange(GrpcMessages.Check(spec));

        if (string.IsNullOrEmpty(spec.Method) || !IsToken(spec.Method))
            Add("method", $"The method '{spec.Method}' is not a valid HTTP method; use GET, POST, PUT, DELETE, HEAD or another token without spaces.");

        foreach (var (name, value) in spec.Headers ?? new Dictionary<string, string>())
        {
            if (!IsToken(name))
                Add($"headers.{name}", $"The header name '{name}' is not valid; header names are letters, digits and -.");
            else if (ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
                Add($"headers.{name}", $"The header '{name}' is managed by the load generator; remove it.");
            if (HasLineBreak(value))
                Add($"headers.{name}", $"The value of header '{name}' contains a line break; header values must be one line.");
        }

        foreach (var (name, value) in spec.Cookies ?? new Dictionary<string, string>())
        {
            if (!IsToken(name))
                Add($"cookies.{name}", $"The cookie name '{name}' is not valid; use letters, digits, - and _.");
            if (HasLineBreak(value) || value.Contains(';') || value.Contains(','))
                Add($"cookies.{name}", $"The value of cookie '{name}' contains a line break, ';' or ','; encode it first.");
        }

        if (spec.Body is not null && Encoding.UTF8.GetByteCount(spec.Body) > LoadLimits.MaxBodyBytes)
            Add("body", $"The body is {Encoding.UTF8.GetByteCount(spec.Body):N0} bytes; the limit is 10 MiB ({LoadLimits.MaxBodyBytes:N0} bytes).");
        if (spec.ContentType is not null && (spec.ContentType.Length == 0 || HasLineBreak(spec.ContentType)))
            Add("contentType", "The content type must be one non-empty line, for example application/json.");

        if (spec.Rps is { } rps && (rps < 1 || rps > LoadLimits.MaxRps))
            Add("rps", $"The rate {rps} requests per second is out of range; choose 1 to {LoadLimits.MaxRps:N0}, or no rate for maximum throughput.");

        if (spec.Connections < 1 || spec.Connections > LoadLimits.MaxConnections)
            Add("connections", $"{spec.Connections} connections is out of range; choose 1 to {LoadLimits.MaxConnections:N0}.");
        else if (spec.Urls is { Count: > 0 } && spec.Connections < spec.Urls.Count)
            Add("connections", $"{spec.Connections} connections cannot cover {spec.Urls.Count} URLs; use at least one connection per URL.");

        if (spec.Streams < 1 || spec.Streams > LoadLimits.MaxStreams)
            Add("streams", $"{spec.Streams} streams per connection is out of range; choose 1 to {LoadLimits.MaxStreams}.");
        else if (spec.Streams > 1 && spec.Protocol != HttpProtocol.Http2 && !spec.IsGrpc)
            Add("streams", "Several streams per connection need HTTP/2; choose HTTP/2 or one stream.");

        if (spec.Duration is null && spec.Requests is null)
            Add("duration", "Set a duration (1 s to 1 h) or a request count, so the run knows when to stop.");
        if (spec.Duration is { } duration && (duration < LoadLimits.MinDuration || duration > LoadLimits.MaxDuration))
            Add("duration", $"The duration {Describe(duration)} is out of range; choose 1 s to 1 h.");
        if (spec.Requests is { } requests && (requests < 1 || requests > LoadLimits.MaxRequests))
            Add("requests", $"The request count {requests} is out of range; choose 1 to {LoadLimits.MaxRequests:N0}.");

        if (spec.StartPhase is { } phase && (phase < TimeSpan.Zero || phase >= TimeSpan.FromSeconds(1)))
            Add("startPhase", $"The start phase {Describe(phase)} is out of range; it is an offset within one second (0 to 999 ms).");
        if (spec.Warmup < TimeSpan.Zero || spec.Warmup > LoadLimits.MaxWarmup)
            Add("warmup", $"The warm-up {Describe(spec.Warmup)} is out of range; choose 0 to 10 min.");
        if (spec.Timeout < LoadLimits.MinTimeout || spec.Timeout > LoadLimits.MaxTimeout)
            Add("timeout", $"The request timeout {Describe(spec.Timeout)} is out of range; choose 1 ms to 5 min.");

        if (spec.InsecureSkipVerify && spec.CaCertificatePem is not null)
            Add("caCertificatePem", "Choose either skipping certificate verification or trusting a CA certificate, not both.");
        else if (spec.CaCertificatePem is not null && !IsCertificatePem(spec.CaCertificatePem))
            Add("caCertificatePem", "The CA certificate is not a PEM certificate; paste the text starting with -----BEGIN CERTIFICATE-----.");

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with the first error's sentence when the spec is invalid.</summary>
    public static void ThrowIfInvalid(LoadSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0)
            throw new ArgumentException($"{errors[0].Field}: {errors[0].Message}", nameof(spec));
    }

    private static string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "The URL is empty; enter an http://, https://, grpc:// or grpcs:// address.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return $"'{url}' is not an absolute URL; write it like http://host:port/path.";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && !GrpcTarget.IsGrpc(uri))
            return $"'{url}' uses the scheme '{uri.Scheme}'; use http, https, grpc (gRPC over h2c) or grpcs (gRPC over TLS).";
        if (string.IsNullOrEmpty(uri.Host))
            return $"'{url}' has no host; write it like http://host:port/path.";
        return GrpcTarget.IsGrpc(uri) ? GrpcTarget.Check(uri, url) : null;
    }

    private static bool IsToken(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExcept(TokenChars);

    private static bool HasLineBreak(string value) => value.AsSpan().ContainsAny('\r', '\n');

    private static bool IsCertificatePem(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string Describe(TimeSpan value) =>
        value.TotalSeconds >= 1 ? $"{value.TotalSeconds:0.###} s" : $"{value.TotalMilliseconds:0.###} ms";
}
