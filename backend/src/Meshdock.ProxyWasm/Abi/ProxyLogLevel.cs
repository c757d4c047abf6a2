namespace Meshdock.ProxyWasm.Abi;

/// <summary><c>proxy_log_level_t</c>.</summary>
public enum ProxyLogLevel
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Critical = 5,
}
