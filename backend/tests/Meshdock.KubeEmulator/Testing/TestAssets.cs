namespace Meshdock.KubeEmulator.Testing;

/// <summary>Files the emulator project copies into every referencing test project's output folder.</summary>
public static class TestAssets
{
    /// <summary>
    /// A small Helm chart (Deployment <c>&lt;release&gt;-control-plane</c>, Service, ConfigMap, ServiceAccount,
    /// Role/RoleBinding, the <c>widgets.test.meshdock.io</c> CRD and a Widget) for catalog overrides in tests.
    /// Values: <c>replicaCount</c>, <c>image.repository</c>, <c>image.tag</c>, <c>greeting</c>, <c>widget.enabled</c>.
    /// </summary>
    public static string TestChartPath => Path.Combine(AppContext.BaseDirectory, "charts", "meshdock-test");
}
