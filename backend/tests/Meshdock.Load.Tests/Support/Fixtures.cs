namespace Meshdock.Load.Tests.Support;

/// <summary>Files under Fixtures/ (copied next to the test assembly).</summary>
internal static class Fixtures
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}
