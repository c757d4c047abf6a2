namespace Meshdock.Load.Grpc;

/// <summary>
/// gRPC unary targets, written <c>grpc://host:port/package.Service/Method</c> (h2c) or <c>grpcs://</c> (TLS). The
/// request message is encoded once before the run (<see cref="GrpcMessages"/>).
/// </summary>
public static class GrpcTarget
{
    public const string Scheme = "grpc";
    public const string TlsScheme = "grpcs";

    /// <summary>The standard health check (grpc.health.v1), answered by most gRPC servers.</summary>
    public const string HealthCheckPath = "/grpc.health.v1.Health/Check";

    public static bool IsGrpc(Uri uri) => uri.Scheme is Scheme or TlsScheme;

    public static bool IsGrpc(string url) =>
        url.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase) || url.StartsWith(TlsScheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with a gRPC URL, or null.</summary>
    internal static string? Check(Uri uri, string url)
    {
        if (uri.Port < 0)
            return $"'{url}' has no port; gRPC URLs name it, like grpc://host:50051{HealthCheckPath}.";
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return $"'{url}' has a query or fragment; a gRPC URL is grpc://host:port/package.Service/Method.";
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != 2 || !segments[0].Contains('.', StringComparison.Ordinal))
            return $"'{url}' does not name a method; write grpc://host:port/package.Service/Method, for example {HealthCheckPath}.";
        return null;
    }

    /// <summary><c>package.Service/Method</c> of a gRPC URL.</summary>
    internal static string MethodPath(Uri uri) => uri.AbsolutePath.TrimStart('/');

    /// <summary>
    /// The length-prefixed message of a unary call (gRPC over HTTP/2: a compressed flag, a 4-byte big-endian length,
    /// the protobuf bytes).
    /// </summary>
    internal static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed.AsSpan(5));
        return framed;
    }

    /// <summary>The request fields of a gRPC call (PROTOCOL-HTTP2.md of the gRPC repository).</summary>
    internal static IEnumerable<KeyValuePair<string, string>> Headers(LoadSpec spec)
    {
        yield return new("content-type", "application/grpc");
        yield return new("te", "trailers");
        yield return new("user-agent", "meshdock-load");
        foreach (var header in spec.Headers)
            yield return header;
    }
}
