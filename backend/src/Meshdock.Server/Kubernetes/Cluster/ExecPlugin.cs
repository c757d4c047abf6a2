using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s.KubeConfigModels;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// The program a kubeconfig user's exec credential plugin runs, as the panel shows it for confirmation: the command
/// and its arguments, and the names of the environment variables it sets (their values may be secrets, so they are
/// not shown, but they are part of <see cref="Fingerprint"/>, so a changed value needs a new confirmation).
/// </summary>
public sealed record ExecPlugin(string User, string Command, IReadOnlyList<string> Args, IReadOnlyList<string> EnvNames, string Fingerprint)
{
    public static ExecPlugin From(string user, ExternalExecution exec)
    {
        var args = exec.Arguments?.ToList() ?? [];
        var env = (exec.EnvironmentVariables ?? [])
            .Select(pair => (Name: pair.GetValueOrDefault("name") ?? "", Value: pair.GetValueOrDefault("value") ?? ""))
            .ToList();
        // Everything that decides what runs, in a form with one spelling: JSON arrays, in order.
        var canonical = JsonSerializer.Serialize(new object[] { exec.Command ?? "", args, env.Select(e => new[] { e.Name, e.Value }) });
        var fingerprint = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new ExecPlugin(user, exec.Command ?? "", args, [.. env.Select(e => e.Name)], fingerprint);
    }
}
