using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Cli;
using Meshdock.KubeEmulator;
using Meshdock.Load.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Spectre.Console;

namespace Meshdock.Load.Tests.Cli;

/// <summary>
/// <c>meshdock perf run --in-cluster</c> against the Kubernetes emulator, which runs the runner Job's pods as this
/// same CLI in local processes and reaches the target Service by its cluster DNS name on loopback.
/// </summary>
public sealed class ClusterRunCliTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("meshdock-cli-cluster-").FullName;
    private readonly StringWriter _output = new();
    private readonly IAnsiConsole _console;
    private KubeEmulator.KubeEmulator _emulator = null!;
    private KestrelTarget _target = null!;
    private Kubernetes _kube = null!;
    private string _kubeconfig = null!;

    public ClusterRunCliTests()
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(TextWriter.Synchronized(_output)),
        });
        // Wide enough that no sentence is wrapped.
        _console.Profile.Width = 400;
    }

    public async Task InitializeAsync()
    {
        _emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(300),
            TerminationDelay = TimeSpan.FromMilliseconds(300),
        });
        _kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder, "config"));
        _kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_kubeconfig));
        _target = await KestrelTarget.StartAsync(HttpProtocols.Http1);
        await _kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "shop" } });
        await _kube.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new() { Port = 8000 }] },
        }, "shop");
        _emulator.Cluster.ServiceEndpoints.Register("shop", "web", 8000, new Uri(_target.Url()).Port);
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    public void Dispose()
    {
        _kube.Dispose();
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Output => _output.ToString();

    [Fact]
    public async Task Two_pods_print_merged_seconds_and_a_result_that_counts_what_the_service_received()
    {
        var fortio = Path.Combine(_folder, "result.json");

        var exit = await CliApp.RunAsync(["perf", "run", "--in-cluster", "--namespace", "load", "--pods", "2", "--kubeconfig", _kubeconfig,
            "--url", "http://web.shop.svc.cluster.local:8000/", "--rps", "40", "-c", "2", "-d", "3s", "--fortio-json", fortio], _console);

        Assert.True(exit == CliApp.Ok, Output);
        Assert.Contains("Created namespace load.", Output, StringComparison.Ordinal);
        Assert.Matches(@"Started Job load/meshdock-perf-\w+: 2 runner pods of meshdock/meshdock-extension:latest", Output);
        Assert.Matches(@"(?m)^\s+1 s\s+[\d,]+ rps", Output); // the live line of the first merged second
        var result = JsonDocument.Parse(await File.ReadAllTextAsync(fortio)).RootElement;
        var answered = result.GetProperty("RetCodes").GetProperty("200").GetInt64();
        Assert.Equal(_target.Requests, answered);
        Assert.InRange(answered, 114, 126);
        var ns = await _kube.CoreV1.ReadNamespaceAsync("load");
        Assert.Equal("meshdock", ns.Metadata.Labels["app.kubernetes.io/managed-by"]);
        var job = Assert.Single((await _kube.BatchV1.ListNamespacedJobAsync("load")).Items);
        Assert.Equal(2, job.Spec.Completions);
    }

    [Fact]
    public async Task Ctrl_c_deletes_the_job_and_reports_what_arrived()
    {
        using var cancel = new CancellationTokenSource();
        var running = CliApp.RunAsync(["perf", "run", "--in-cluster", "--namespace", "load", "--pods", "2", "--kubeconfig", _kubeconfig,
            "--url", "http://web.shop:8000/", "--rps", "20", "-c", "2", "-d", "60s"], _console, cancel.Token);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!System.Text.RegularExpressions.Regex.IsMatch(Output, @"(?m)^\s+1 s "))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline && !running.IsCompleted, Output);
            await Task.Delay(100);
        }

        await cancel.CancelAsync();
        var exit = await running;

        Assert.True(exit == CliApp.Cancelled, Output);
        Assert.Matches(@"Deleted Job load/meshdock-perf-\w+ and its pods\.", Output);
        Assert.Contains("Cancelled:", Output, StringComparison.Ordinal);
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        while ((await _kube.BatchV1.ListNamespacedJobAsync("load")).Items.Count > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < until, "The Job is still there.");
            await Task.Delay(200);
        }
        Assert.InRange(_target.Requests, 1, 600);
    }

    [Theory]
    [InlineData(new[] { "--in-cluster" }, "--in-cluster needs --namespace")]
    [InlineData(new[] { "--in-cluster", "--namespace", "Not_A_Name" }, "--in-cluster needs --namespace")]
    [InlineData(new[] { "--in-cluster", "--namespace", "kube-system" }, "one of Kubernetes' own namespaces")]
    [InlineData(new[] { "--in-cluster", "--namespace", "load", "--pods", "0" }, "--pods must be between 1 and 20")]
    [InlineData(new[] { "--in-cluster", "--namespace", "load", "--json-lines" }, "leave --json-lines")]
    [InlineData(new[] { "--namespace", "load" }, "add --in-cluster or leave them out")]
    [InlineData(new[] { "--pods", "2" }, "add --in-cluster or leave them out")]
    [InlineData(new[] { "--in-cluster", "--namespace", "load", "--pods", "3", "-c", "2" }, "--pods:")]
    public async Task Bad_in_cluster_arguments_exit_with_2_and_a_sentence_and_start_nothing(string[] extra, string phrase)
    {
        var exit = await CliApp.RunAsync(["perf", "run", "--url", "http://web.shop:8000/", "-n", "10", "--kubeconfig", _kubeconfig, .. extra], _console);

        Assert.Equal(CliApp.BadArguments, exit);
        Assert.Contains(phrase, Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Empty((await _kube.BatchV1.ListJobForAllNamespacesAsync()).Items);
    }

    [Fact]
    public async Task Meshed_in_a_namespace_in_no_mesh_is_refused_with_a_sentence()
    {
        var exit = await CliApp.RunAsync(["perf", "run", "--in-cluster", "--namespace", "load", "--meshed", "--kubeconfig", _kubeconfig,
            "--url", "http://web.shop:8000/", "-n", "10"], _console);

        Assert.Equal(CliApp.Failed, exit);
        Assert.Contains("is in no mesh", Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Empty((await _kube.BatchV1.ListJobForAllNamespacesAsync()).Items);
    }
}
