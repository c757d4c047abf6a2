using System.Buffers;
using System.Text.RegularExpressions;
using Meshdock.ProxyWasm.Validation;

namespace Meshdock.Server.Features.Filters;

/// <summary>Reads an uploaded module from a request body: the content type, the name and the 16 MiB limit, which is
/// enforced while reading so an oversized body is refused after at most 16 MiB, never buffered whole.</summary>
internal static partial class ModuleUpload
{
    public const string ContentType = "application/wasm";

    /// <summary>Names become Kubernetes object names and URL paths in the mesh, so they follow DNS label rules.</summary>
    public static string? CheckName(string? name) => name switch
    {
        null or "" => "Give the filter a name: POST /api/filters?name=NAME.",
        _ when !NamePattern().IsMatch(name) =>
            $"'{name}' is not a valid filter name: use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit.",
        _ => null,
    };

    public static string? CheckContentType(HttpRequest request) =>
        string.Equals(request.ContentType?.Split(';')[0].Trim(), ContentType, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Send the module as the raw request body with 'Content-Type: {ContentType}' "
              + $"(got '{request.ContentType ?? "none"}').";

    /// <summary>The body's bytes, or a sentence when it is larger than the limit.</summary>
    public static async Task<(byte[]? Bytes, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int Limit = ModuleValidator.MaxModuleSize;
        if (request.ContentLength > Limit)
        {
            return (null, TooLarge(request.ContentLength.Value));
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > Limit)
                {
                    return (null, TooLarge(null));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), null);
    }

    private static string TooLarge(long? size) =>
        $"The module is {(size is { } s ? $"{s} bytes" : "larger than that")}, over the 16 MiB ({ModuleValidator.MaxModuleSize} bytes) "
        + "limit: build it in release mode and strip debug information.";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
