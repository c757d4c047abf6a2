
using Meshdock.Server.Features.Performance;

namespace Meshdock.Server.Tests.Features.Performance;

public sealed class PerfEnvironmentTests
{
    [Theory]
    [InlineData("http://productpage.bookinfo:9080/", "bookinfo")]
    [InlineData("http://httpbin.default.svc:8000/get", "default")]
    [InlineData("http://api.imagehub.svc.cluster.local:9091/pull", "imagehub")]
    [InlineData("http://127.0.0.1:8080/", null)]
    [InlineData("http://localhost:8080/", null)]
    [InlineData("https://www.example.com/", null)]
    [InlineData("http://service/", null)]
    public void The_namespace_of_a_target_comes_from_its_cluster_service_name(string url, string? expected) =>
        Assert.Equal(expected, PerfEnvironment.ServiceNamespace(url));
}
