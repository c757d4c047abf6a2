using System.Diagnostics;
using Meshdock.KubeEmulator.Testing;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>The emulator as its own process (what `make emulator` runs), driven by kubectl.</summary>
public sealed class ProcessModeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meshdock-emu-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProcessStartInfo Emulator(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Meshdock.KubeEmulator.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    [Fact]
    public async Task ItWritesAKubeconfigAndServesUntilStopped()
    {
        var kubeconfig = Path.Combine(_dir, "config");
        using var process = Process.Start(Emulator("--port", "0", "--kubeconfig", kubeconfig, "--ready-delay", "200"))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("Kubeconfig written", StringComparison.Ordinal))
            {
            }
            Assert.NotNull(line);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kubeconfig));
            }

            var env = new Dictionary<string, string> { ["HOME"] = _dir, ["KUBECONFIG"] = kubeconfig };
            var nodes = await ToolProcess.RunAsync(TestTools.FindKubectl()!, ["get", "nodes", "-o", "name"], env, TimeSpan.FromSeconds(30));
            Assert.True(nodes.ExitCode == 0, nodes.ToString());
            Assert.Equal("node/docker-desktop", nodes.Stdout.Trim());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task AnUnknownOptionIsRefusedWithASentence()
    {
        var result = await ToolProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Meshdock.KubeEmulator.dll"), "--prot", "1"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option --prot (see --help)", result.Stderr, StringComparison.Ordinal);
    }
}
