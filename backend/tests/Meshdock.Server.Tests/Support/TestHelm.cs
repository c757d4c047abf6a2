using Meshdock.Server.Tests.Packaging;

namespace Meshdock.Server.Tests.Support;

/// <summary>The real helm CLI for tests: MESHDOCK_HELM, else tools/helm at the repository root, else the PATH.</summary>
internal static class TestHelm
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("MESHDOCK_HELM") is { Length: > 0 } configured)
        {
            return configured;
        }
        var bundled = RepositoryRoot.File("tools", "helm");
        if (File.Exists(bundled))
        {
            return bundled;
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Select(dir => System.IO.Path.Combine(dir, "helm"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("No helm CLI for the tests: run `make tools/helm`, or set MESHDOCK_HELM.");
    }

    public static string TestChart => RepositoryRoot.File("backend", "tests", "Meshdock.Server.Tests", "Fixtures", "charts", "testmesh");
}
