using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Tests.HostCalls;

/// <summary>What the host-call tests share: one request through a module, and the status a reporting module saw.</summary>
internal static class HostCall
{
    public static FilterResult Request(byte[] module, HeaderMap? headers = null, FilterHostOptions? options = null, string? config = null)
    {
        using var host = FilterHost.Load(module, config, options);
        using var stream = host.CreateStream();
        return stream.OnRequestHeaders(headers ?? HeaderMap.ForRequest("GET", "/", "example"), endOfStream: true);
    }

    public static int Status(string expression, string imports, string data = "", HeaderMap? headers = null, FilterHostOptions? options = null) =>
        TestModule.ReportedStatus(Request(TestModule.ReportingFromRequestHeaders(expression, imports, data), headers, options));
}
