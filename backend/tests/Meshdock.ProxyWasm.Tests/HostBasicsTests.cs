using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Tests;

public sealed class HostBasicsTests
{
    [Fact]
    public void AModuleReportsThroughALocalResponse()
    {
        using var host = FilterHost.Load(TestModule.ReportingFromRequestHeaders("(i32.const 4)"));
        using var stream = host.CreateStream();

        var result = stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "example"), endOfStream: true);

        Assert.Equal(4, TestModule.ReportedStatus(result));
    }
}
