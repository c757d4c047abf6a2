using System.Text;

namespace Meshdock.KubeEmulator;

/// <summary>Writes the kubeconfig clients use to reach the emulator (mode 0600, like kubectl writes its own).</summary>
public static class Kubeconfig
{
    public static string Write(string path, Uri server, string contextName, string token, string? defaultNamespace)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}")
            .AppendLine("users:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  user:")
            .AppendLine($"    token: {token}")
            .AppendLine("contexts:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  context:")
            .AppendLine($"    cluster: {contextName}")
            .AppendLine($"    user: {contextName}")
            .AppendLine($"    namespace: {defaultNamespace ?? "default"}")
            .AppendLine($"current-context: {contextName}")
            .ToString();
        File.WriteAllText(full, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(full, yaml);
        return full;
    }
}
