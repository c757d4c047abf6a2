using k8s;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>HTTPS with a self-signed CA and a required token, as Docker Desktop's API server has (with client certificates there).</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private const string Token = "meshdock-test-token";
    private readonly ClusterSession _session = new(options =>
    {
        options.UseTls = true;
        options.Token = Token;
    });

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task KubectlHelmAndKubernetesClientVerifyTheCertificateAndSendTheToken()
    {
        Assert.Equal("https", _session.Emulator.BaseUrl.Scheme);

        var kubectl = await _session.KubectlAsync("get", "nodes");
        Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
        Assert.Contains("docker-desktop", kubectl.Stdout, StringComparison.Ordinal);

        var helm = await _session.HelmAsync("list", "-A");
        Assert.True(helm.ExitCode == 0, helm.ToString());

        var nodes = await _session.Client.CoreV1.ListNodeAsync();
        Assert.Single(nodes.Items);
    }

    [Fact]
    public async Task AWrongTokenIsUnauthorized()
    {
        var kubeconfig = File.ReadAllText(_session.KubeconfigPath).Replace(Token, "not-the-token", StringComparison.Ordinal);
        var path = _session.WriteFile("wrong-token.kubeconfig", kubeconfig);

        var result = await _session.KubectlWithAsync(path, "get", "nodes");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("You must be logged in to the server", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTlsServerNameIsVerifiedAgainstTheCertificate()
    {
        // What Meshdock does inside Docker Desktop: dial another address, verify as kubernetes.docker.internal.
        var good = _session.Emulator.WriteKubeconfig(Path.Combine(_session.Home, "good.kubeconfig"), tlsServerName: "kubernetes.docker.internal");
        var bad = _session.Emulator.WriteKubeconfig(Path.Combine(_session.Home, "bad.kubeconfig"), tlsServerName: "other.example");

        var ok = await _session.KubectlWithAsync(good, "get", "ns", "default");
        var refused = await _session.KubectlWithAsync(bad, "get", "ns", "default");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("x509: certificate is valid for", refused.Stderr, StringComparison.Ordinal);
    }
}
