using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Kubernetes.Helm;

/// <summary>The runner against the real helm CLI (tools/helm): no cluster is needed for these.</summary>
public sealed class HelmRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("meshdock-helm-test-").FullName;
    private readonly HelmRunner _helm = Runner(TestHelm.Path);

    private static HelmRunner Runner(string path) =>
        new(Options.Create(new HelmOptions { Path = path }), NullLogger<HelmRunner>.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_output_line_reaches_the_caller_in_order_and_values_files_are_applied()
    {
        using var values = new HelmValuesFiles();
        values.Add(new Dictionary<string, object?> { ["greeting"] = "from-the-catalog", ["replicaCount"] = 2 });
        values.Add(System.Text.Json.JsonDocument.Parse("""{"greeting":"from-the-user"}""").RootElement);
        var lines = new List<HelmOutputLine>();

        var output = await _helm.RunAsync(
            ["template", "demo", TestHelm.TestChart, .. values.Arguments()], null,
            line => { lines.Add(line); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Contains("GREETING: \"from-the-user\"", output, StringComparison.Ordinal); // later files win
        Assert.Contains("replicas: 2", output, StringComparison.Ordinal);
        Assert.Equal(output.Split('\n').Count(l => l.Length > 0), lines.Count(l => !l.IsError));
        Assert.Equal("---", lines.First(l => !l.IsError).Text);
    }

    [Fact]
    public async Task A_failing_helm_becomes_a_sentence_with_advice()
    {
        var kubeconfig = WriteKubeconfig("https://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<HelmFailedException>(() =>
            _helm.ListReleasesAsync(new HelmTarget(kubeconfig, "test"), CancellationToken.None));

        Assert.Equal(1, error.ExitCode);
        Assert.StartsWith("helm list failed (exit code 1): kubernetes cluster unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains("check that Kubernetes is running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_chart_path_says_to_check_the_catalog_override()
    {
        var error = await Assert.ThrowsAsync<HelmFailedException>(() =>
            _helm.RunAsync(["template", "demo", Path.Combine(_folder, "no-such-chart")], null, null, CancellationToken.None));

        Assert.Contains("check the catalog override", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_helm_binary_the_error_says_how_to_get_one()
    {
        var missing = Runner(Path.Combine(_folder, "helm"));

        Assert.Null(missing.FindBinary());
        var error = await Assert.ThrowsAsync<HelmMissingException>(() => missing.RunAsync(["version"], null, null, CancellationToken.None));
        Assert.Contains("was not found at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_kills_helm_while_it_waits_on_a_silent_api_server()
    {
        // A server that accepts connections and never answers: helm would wait for its 30 s client timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        var kubeconfig = WriteKubeconfig($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        await _helm.MajorVersionAsync(CancellationToken.None); // asked once per binary, before the first list
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _helm.ListReleasesAsync(new HelmTarget(kubeconfig, "test"), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.NotEmpty(accepted); // helm really was waiting on the server
        Assert.DoesNotContain(Process.GetProcesses(), p => SafeName(p) == "helm" && SafeParent(p) == Environment.ProcessId);
        accepted.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task An_install_still_waiting_is_listed_as_pending()
    {
        // The control plane's image never pulls, so helm's --wait keeps the release in pending-install.
        await using var emulator = await Meshdock.KubeEmulator.KubeEmulator.StartAsync(new Meshdock.KubeEmulator.KubeEmulatorOptions());
        emulator.Faults.FailImage("ghcr.io/meshdock/test-control-plane");
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(_folder, "emulator"), contextName: "test");
        using var stopInstall = new CancellationTokenSource();
        var install = Meshdock.KubeEmulator.Testing.ToolProcess.RunAsync(TestHelm.Path,
            ["install", "stuck", TestHelm.TestChart, "--namespace", "default", "--wait", "--timeout", "2m", "--kubeconfig", kubeconfig],
            timeout: TimeSpan.FromMinutes(3), cancellationToken: stopInstall.Token);

        HelmRelease? stuck = null;
        var deadline = Stopwatch.StartNew();
        while (stuck is null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            stuck = (await _helm.ListReleasesAsync(new HelmTarget(kubeconfig, "test"), CancellationToken.None)).FirstOrDefault(r => r.Name == "stuck");
            await Task.Delay(300);
        }
        await stopInstall.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => install);

        Assert.NotNull(stuck);
        Assert.Equal("pending-install", stuck.Status);
        Assert.False(stuck.IsDeployed);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task With_helm_3_the_list_asks_for_every_status()
    {
        // Helm 3's documented behaviour, which a user's own helm on the PATH may have: `list` shows only deployed and
        // failed releases unless given --all (a flag Helm 4 no longer has).
        var helm3 = Path.Combine(_folder, "helm");
        File.WriteAllText(helm3, """
            #!/bin/sh
            case "$1" in
              version) printf 'v3.16.2' ;;
              list) case " $* " in
                  *" --all "*) echo '[{"name":"stuck","namespace":"default","revision":"1","status":"pending-install","chart":"demo-1.0.0","app_version":"1"}]' ;;
                  *) echo '[]' ;;
                esac ;;
            esac
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(helm3, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var releases = await Runner(helm3).ListReleasesAsync(new HelmTarget(WriteKubeconfig("https://127.0.0.1:1"), "test"), CancellationToken.None);

        Assert.Equal("pending-install", Assert.Single(releases).Status);
        Assert.Equal(4, await _helm.MajorVersionAsync(CancellationToken.None));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Values_files_are_private_and_deleted_afterwards()
    {
        string path;
        using (var values = new HelmValuesFiles())
        {
            values.Add(new Dictionary<string, object?> { ["secret"] = "key" });
            path = values.Paths.Single();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            Assert.Equal("secret: key", File.ReadAllText(path).Trim());
        }
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Theory]
    [InlineData("istiod-1.27.3", "1.27.3")]
    [InlineData("linkerd-control-plane-2025.10.1", "2025.10.1")]
    [InlineData("testmesh-0.3.0-rc.1", "0.3.0-rc.1")]
    [InlineData("no-version", null)]
    public void The_chart_version_comes_from_helms_chart_column(string chart, string? version)
    {
        Assert.Equal(version, new HelmRelease("r", "ns", "1", "deployed", chart, null).ChartVersion);
    }

    private string WriteKubeconfig(string server)
    {
        var path = Path.Combine(_folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"} name: c, cluster: {"{"} server: "{server}" {"}"} {"}"}]
            users: [{"{"} name: u, user: {"{"} token: test {"}"} {"}"}]
            contexts: [{"{"} name: test, context: {"{"} cluster: c, user: u {"}"} {"}"}]
            current-context: test
            """);
        return path;
    }

    private static string? SafeName(Process p)
    {
        try { return p.ProcessName; } catch (InvalidOperationException) { return null; }
    }

    private static int? SafeParent(Process p)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{p.Id}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
