namespace Meshdock.ProxyWasm.Abi;

/// <summary><c>proxy_status_t</c>: what every host function returns to the filter.</summary>
public enum ProxyStatus
{
    Ok = 0,
    NotFound = 1,
    BadArgument = 2,
    SerializationFailure = 3,
    ParseFailure = 4,
    InvalidMemoryAccess = 6,
    Empty = 7,
    CasMismatch = 8,
    InternalFailure = 10,
    Unimplemented = 12,
}
