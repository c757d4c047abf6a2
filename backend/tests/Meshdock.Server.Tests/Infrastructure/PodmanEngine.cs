using System.Diagnostics;
using System.Formats.Tar;
using System.Net.Sockets;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>
/// A real Docker-compatible engine API: Debian's podman serving <c>podman system service</c> on a socket in a temp
/// folder, with its own storage (vfs) so tests never touch the machine's images or containers. Containers cannot
/// start in this sandbox, but they can be created with labels, which is what the probe looks for.
/// </summary>
public sealed class PodmanEngine : IAsyncDisposable
{
    public const string Missing = "podman is not installed (apt-get install podman; .ci/run installs it), so the Docker engine probe is not tested against a real engine API.";

    private readonly string _folder = Directory.CreateTempSubdirectory("meshdock-podman-").FullName;
    private Process? _service;

    public static bool Available { get; } = FindPodman() is not null;

    public string Socket => Path.Combine(_folder, "podman.sock");

    private PodmanEngine()
    {
    }

    public static async Task<PodmanEngine> StartAsync()
    {
        var engine = new PodmanEngine();
        try
        {
            await engine.StartServiceAsync();
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    private async Task StartServiceAsync()
    {
        _service = Process.Start(Start(["system", "service", "--time=0", "unix://" + Socket]))!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AcceptsAsync())
        {
            if (_service.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"podman system service did not open {Socket}: {await _service.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(100);
        }

        // podman answers its first version and info requests slowly (seconds on a loaded machine) while it sets up
        // its storage; warm it up so the probe's own timeout measures the engine, not podman's start.
        using var http = SocketHttp.CreateClient(Socket);
        http.Timeout = TimeSpan.FromSeconds(60);
        (await http.GetAsync("/v1.41/version")).EnsureSuccessStatusCode();
        (await http.GetAsync("/v1.41/info")).EnsureSuccessStatusCode();
    }

    /// <summary>Makes an image without a registry: <c>podman import</c> of a one-file root filesystem.</summary>
    public async Task ImportImageAsync(string name)
    {
        var rootfs = Path.Combine(_folder, "rootfs");
        Directory.CreateDirectory(rootfs);
        await File.WriteAllTextAsync(Path.Combine(rootfs, "hello"), "hello");
        var tar = Path.Combine(_folder, "rootfs.tar");
        await TarFile.CreateFromDirectoryAsync(rootfs, tar, includeBaseDirectory: false);
        await RunAsync("import", tar, name);
    }

    public async Task RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"podman {string.Join(' ', args)} failed: {await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is { HasExited: false })
        {
            _service.Kill(entireProcessTree: true);
            await _service.WaitForExitAsync();
        }

        _service?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // vfs layers may be read-only; the temp folder is cleaned by the system.
        }
    }

    private ProcessStartInfo Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(FindPodman()!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--root", Path.Combine(_folder, "root"), "--runroot", Path.Combine(_folder, "run"), "--storage-driver", "vfs"])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private async Task<bool> AcceptsAsync()
    {
        if (!File.Exists(Socket))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? FindPodman() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "podman"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that is skipped, with the reason, where podman is not installed.</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (!PodmanEngine.Available)
        {
            Skip = PodmanEngine.Missing;
        }
    }
}
