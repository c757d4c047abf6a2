using System.Diagnostics;
using k8s;
using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

/// <summary>
/// The Docker Desktop 4.30+ case end to end: the certificate's name does not resolve, so the API server is reached
/// through the host gateway while TLS still verifies that name — in the .NET client and, through tls-server-name in
/// the effective kubeconfig, in client-go (kubectl, helm).
/// </summary>
public sealed class TlsServerNameTests
{
    // RFC 6761: .invalid never resolves, like kubernetes.docker.internal on a fresh Docker Desktop install.
    private const string CertificateName = "kubernetes.meshdock.invalid";

    [Fact]
    public async Task An_unresolvable_certificate_name_is_reached_through_the_gateway_with_TLS_verified_against_that_name()
    {
        await using var emulator = await Emulator.StartAsync();
        await using var front = new TlsFront(emulator.BaseUrl, CertificateName);
        using var folder = new TempFolder();
        using var connection = Connection(folder, Kubeconfig($"https://{CertificateName}:{front.Port}", front.CaData));

        var link = await connection.CheckAsync(default);

        Assert.Equal($"https://127.0.0.1:{front.Port}/", link.Candidate.Address.ToString());
        Assert.Equal(CertificateName, link.Candidate.TlsServerName);
        Assert.Equal([ClusterFailureKind.NameNotResolved, null], link.Attempts.Select(a => a.Failure));
        var node = Assert.Single((await link.Client.CoreV1.ListNodeAsync()).Items);
        Assert.Equal("docker-desktop", node.Metadata.Name);

        var helm = await connection.GetHelmTargetAsync(default);
        var effective = KubernetesYaml.Deserialize<K8SConfiguration>(await File.ReadAllTextAsync(helm.KubeconfigPath));
        var cluster = Assert.Single(effective.Clusters).ClusterEndpoint;
        Assert.Equal($"https://127.0.0.1:{front.Port}", cluster.Server);
        Assert.Equal(CertificateName, cluster.TlsServerName);
        Assert.Equal("docker-desktop", helm.Context);

        // client-go honours the same file: the stock kubectl reaches the cluster through it.
        if (FindOnPath("kubectl") is { } kubectl)
        {
            var (exit, output) = await RunAsync(kubectl, "--kubeconfig", helm.KubeconfigPath, "--context", helm.Context, "get", "nodes", "-o", "name");
            Assert.True(exit == 0, output);
            Assert.Equal("node/docker-desktop", output.Trim());
        }
    }

    [Fact]
    public async Task A_certificate_for_another_name_fails_as_a_TLS_problem_with_its_sentence()
    {
        await using var emulator = await Emulator.StartAsync();
        await using var front = new TlsFront(emulator.BaseUrl, "someone-else.example");
        using var folder = new TempFolder();
        using var connection = Connection(folder, Kubeconfig($"https://localhost:{front.Port}", front.CaData, context: "kind-dev"));

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => connection.CheckAsync(default));

        Assert.Equal(ClusterFailureKind.Tls, error.Kind);
        Assert.Contains($"The TLS handshake with https://127.0.0.1:{front.Port} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("(localhost)", error.Message, StringComparison.Ordinal);
        Assert.Equal("localhost", error.Attempts[0].TlsServerName);
        Assert.All(error.Attempts, attempt => Assert.Equal(ClusterFailureKind.Tls, attempt.Failure));
    }

    private static ClusterConnection Connection(TempFolder folder, string kubeconfig)
    {
        var options = Options.Create(new ClusterOptions
        {
            Kubeconfig = folder.Write("config", kubeconfig),
            InContainer = true,
            HostGateway = "127.0.0.1", // this machine's loopback plays the host Docker Desktop's gateway leads to
            DockerDesktopApiHost = CertificateName,
        });
        var files = new ClusterFiles(folder.File("data"));
        return new ClusterConnection(new KubeconfigSources(options, files), new ContextSelection(files), files, options, new ExecConfirmations(files), NullLogger<ClusterConnection>.Instance);
    }

    private static string Kubeconfig(string server, string caData, string context = "docker-desktop") => $$"""
        apiVersion: v1
        kind: Config
        current-context: {{context}}
        clusters:
        - name: desktop
          cluster: { server: "{{server}}", certificate-authority-data: {{caData}} }
        contexts:
        - name: {{context}}
          context: { cluster: desktop, user: desktop }
        users:
        - name: desktop
          user: { token: any-token }
        """;

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
