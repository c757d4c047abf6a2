using System.Text;

namespace Meshdock.KubeEmulator;

/// <summary>How a kubeconfig reaches the emulator: address, CA (PEM, for TLS) and the name to verify.</summary>
public sealed record KubeconfigCluster(Uri Server, string? CertificateAuthorityPem, string? TlsServerName);

/// <summary>Writes the kubeconfig clients use to reach the emulator (mode 0600, like kubectl writes its own).</summary>
public static class Kubeconfig
{
    public static string Write(string path, KubeconfigCluster cluster, string contextName, string token, string? defaultNamespace)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  cluster:")
            .AppendLine($"    server: {cluster.Server.GetLeftPart(UriPartial.Authority)}");
        if (cluster.CertificateAuthorityPem is { } ca)
        {
            yaml.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(ca))}");
        }
        if (cluster.TlsServerName is { } tlsServerName) yaml.AppendLine($"    tls-server-name: {tlsServerName}");
        yaml.AppendLine("users:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  user:")
            .AppendLine($"    token: {token}")
            .AppendLine("contexts:")
            .AppendLine($"- name: {contextName}")
            .AppendLine("  context:")
            .AppendLine($"    cluster: {contextName}")
            .AppendLine($"    user: {contextName}")
            .AppendLine($"    namespace: {defaultNamespace ?? "default"}")
            .AppendLine($"current-context: {contextName}");
        File.WriteAllText(full, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(full, yaml.ToString());
        return full;
    }
}
