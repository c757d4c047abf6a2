namespace Meshdock.KubeEmulator.Testing;

/// <summary>Finds the real CLIs tests drive against the emulator.</summary>
public static class TestTools
{
    /// <summary>
    /// The helm binary: <c>MESHDOCK_HELM</c>, else <c>tools/helm</c> at the repository root (made by
    /// <c>make tools/helm</c>), else <c>helm</c> on the PATH; null when there is none.
    /// </summary>
    public static string? FindHelm()
    {
        if (Environment.GetEnvironmentVariable("MESHDOCK_HELM") is { Length: > 0 } fromEnv) return fromEnv;
        if (RepositoryRoot() is { } root && File.Exists(Path.Combine(root, "tools", "helm"))) return Path.Combine(root, "tools", "helm");
        return FindOnPath("helm");
    }

    /// <summary><c>MESHDOCK_KUBECTL</c>, else <c>kubectl</c> on the PATH; null when there is none.</summary>
    public static string? FindKubectl() =>
        Environment.GetEnvironmentVariable("MESHDOCK_KUBECTL") is { Length: > 0 } fromEnv ? fromEnv : FindOnPath("kubectl");

    /// <summary>The folder holding <c>backend/Meshdock.slnx</c>, found by walking up from the test's output folder.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "backend", "Meshdock.slnx"))) return dir.FullName;
        }
        return null;
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
