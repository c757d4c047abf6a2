namespace Meshdock.Load.Grpc;

/// <summary>
/// The request message of a gRPC method other than the health check: its proto3 JSON form, and where its type comes
/// from — a .proto file's text, or the server's reflection service. Encoded once before the run.
/// </summary>
public sealed record GrpcRequest
{
    /// <summary>The request in proto3's JSON form (field names as in JSON or in the .proto); null or empty sends
    /// the empty message.</summary>
    public string? Json { get; init; }

    /// <summary>The text of a proto3 .proto file that defines the method (it may import the well-known types and
    /// the files of <see cref="Imports"/>).</summary>
    public string? Proto { get; init; }

    /// <summary>The other .proto files <see cref="Proto"/> imports (directly or through each other), by the path
    /// its import statements give (<c>"acme/common/money.proto"</c>), each with its text.</summary>
    public IReadOnlyDictionary<string, string>? Imports { get; init; }

    /// <summary>Ask the server for the method's descriptors (grpc.reflection.v1, then v1alpha) instead of a .proto file.</summary>
    public bool Reflection { get; init; }
}
