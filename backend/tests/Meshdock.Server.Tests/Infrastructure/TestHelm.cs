using Meshdock.KubeEmulator.Testing;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>The real helm CLI and the emulator's test chart, for the meshes tests.</summary>
internal static class TestHelm
{
    public static string Path { get; } = TestTools.FindHelm()
        ?? throw new InvalidOperationException("No helm CLI for the tests: run `make tools/helm`, or set MESHDOCK_HELM.");

    /// <summary>Deployment <c>&lt;release&gt;-control-plane</c>, a ConfigMap with <c>greeting</c>, a CRD of test.meshdock.io.</summary>
    public static string TestChart => TestAssets.TestChartPath;
}
