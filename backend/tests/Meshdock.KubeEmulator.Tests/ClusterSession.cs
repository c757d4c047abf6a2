using k8s;
using Meshdock.KubeEmulator.Testing;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>One emulator per test class, with a temp HOME and kubeconfig for the CLIs and a KubernetesClient.</summary>
public sealed class ClusterSession(Action<KubeEmulatorOptions>? configure = null) : IAsyncLifetime
{
    private KubeEmulator? _emulator;

    public KubeEmulator Emulator => _emulator ?? throw new InvalidOperationException("not started");

    public string Home { get; } = Directory.CreateTempSubdirectory("meshdock-emu-").FullName;

    public string KubeconfigPath => Path.Combine(Home, ".kube", "config");

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(600) };
        configure?.Invoke(options);
        _emulator = await KubeEmulator.StartAsync(options);
        _emulator.WriteKubeconfig(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_emulator is not null) await _emulator.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }

    /// <summary>The CLIs' environment: their own HOME (kubectl's discovery cache, helm's folders) and this kubeconfig.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["KUBECONFIG"] = KubeconfigPath,
        ["HELM_CACHE_HOME"] = Path.Combine(Home, ".cache", "helm"),
        ["HELM_CONFIG_HOME"] = Path.Combine(Home, ".config", "helm"),
        ["HELM_DATA_HOME"] = Path.Combine(Home, ".local", "share", "helm"),
    };

    public Task<ToolResult> KubectlAsync(params string[] args) => KubectlWithAsync(KubeconfigPath, args);

    public Task<ToolResult> KubectlWithAsync(string kubeconfig, params string[] args) =>
        ToolProcess.RunAsync(TestTools.FindKubectl() ?? throw new InvalidOperationException("kubectl is not on the PATH"),
            args, new Dictionary<string, string>(Environment) { ["KUBECONFIG"] = kubeconfig }, TimeSpan.FromSeconds(60));

    public Task<ToolResult> HelmAsync(params string[] args) =>
        ToolProcess.RunAsync(TestTools.FindHelm() ?? throw new InvalidOperationException("helm not found: run `make tools/helm` or set MESHDOCK_HELM"), args, Environment, TimeSpan.FromSeconds(90));

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, content);
        return path;
    }
}
