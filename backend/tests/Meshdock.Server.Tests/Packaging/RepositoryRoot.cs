namespace Meshdock.Server.Tests.Packaging;

/// <summary>Finds the repository's top folder from the test assembly, wherever the tests run from.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "metadata.json")) &&
                System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Makefile")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (with metadata.json and Makefile) above {AppContext.BaseDirectory}.");
    }
}
