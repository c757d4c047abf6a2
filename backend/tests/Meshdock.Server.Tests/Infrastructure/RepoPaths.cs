namespace Meshdock.Server.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The backend/ folder, found upwards from the test binaries.</summary>
    public static string Backend { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Meshdock.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("backend/Meshdock.slnx not found above " + AppContext.BaseDirectory);
    }
}
