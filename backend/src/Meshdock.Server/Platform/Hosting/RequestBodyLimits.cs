using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// How large a request body may be: <see cref="DefaultBytes"/> for every JSON body of the API, more only where an
/// endpoint says so with <see cref="WithBodyLimit"/> (routing applies the endpoint's limit before the body is read).
/// Kestrel stops reading at the limit, so an oversized body costs no more memory than the limit.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Every JSON body the API takes (a mesh's chart values included) fits with room to spare.</summary>
    public const long DefaultBytes = 1024 * 1024;

    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultBytes);

    /// <summary>Allows bodies up to <paramref name="bytes"/> on this endpoint.</summary>
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder endpoint, long bytes) =>
        endpoint.WithMetadata(new BodyLimit(bytes));

    /// <summary>The sentence for a body Kestrel refused at the limit.</summary>
    public static string TooLarge(long? limit) => limit is { } bytes
        ? $"The request body is larger than this endpoint's limit of {Size(bytes)}; send a smaller body."
        : "The request body is too large; send a smaller body.";

    private static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
