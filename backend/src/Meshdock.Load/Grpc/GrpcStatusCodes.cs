namespace Meshdock.Load.Grpc;

/// <summary>The gRPC status codes by number, with the names gRPC gives them.</summary>
public static class GrpcStatusCodes
{
    public const int Ok = 0;
    public const int Unknown = 2;
    public const int Count = 17;

    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The name of <paramref name="code"/>, or "CODE_n" for a number gRPC does not define.</summary>
    public static string Name(int code) => code is >= 0 and < Count ? Names[code] : $"CODE_{code}";

    /// <summary>Whether <paramref name="name"/> is one of the names gRPC defines (as written, upper case).</summary>
    public static bool IsName(string name) => Array.IndexOf(Names, name) >= 0;
}
