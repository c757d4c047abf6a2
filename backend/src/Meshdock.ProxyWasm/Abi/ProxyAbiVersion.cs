namespace Meshdock.ProxyWasm.Abi;

/// <summary>The proxy-wasm ABI versions a module can declare through its marker export.</summary>
public enum ProxyAbiVersion
{
    V010,
    V020,
    V021,
}

public static class ProxyAbiVersions
{
    /// <summary>Newest first, so a module exporting several markers is treated as the newest it supports.</summary>
    public static readonly IReadOnlyList<ProxyAbiVersion> NewestFirst = [ProxyAbiVersion.V021, ProxyAbiVersion.V020, ProxyAbiVersion.V010];

    public static string Marker(this ProxyAbiVersion version) => version switch
    {
        ProxyAbiVersion.V010 => "proxy_abi_version_0_1_0",
        ProxyAbiVersion.V020 => "proxy_abi_version_0_2_0",
        _ => "proxy_abi_version_0_2_1",
    };

    /// <summary>The dotted form shown to users and returned by the registry ("0.2.1").</summary>
    public static string ToDisplayString(this ProxyAbiVersion version) => version switch
    {
        ProxyAbiVersion.V010 => "0.1.0",
        ProxyAbiVersion.V020 => "0.2.0",
        _ => "0.2.1",
    };
}
