using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>
/// The real server, started as the container and the check scripts start it: <c>dotnet Meshdock.Server.dll
/// --socket ... --data ...</c>, on a temp socket and an ephemeral TCP port. Its whole output is captured.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _tcpPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TempFolder? _ownedFolder;

    private ServerProcess(Process process, string? socketPath, string dataDirectory, TempFolder? ownedFolder)
    {
        _process = process;
        SocketPath = socketPath;
        DataDirectory = dataDirectory;
        _ownedFolder = ownedFolder;
    }

    public string? SocketPath { get; }

    public string DataDirectory { get; }

    public int TcpPort => _tcpPort.Task.IsCompletedSuccessfully ? _tcpPort.Task.Result : throw new InvalidOperationException("No TCP endpoint.");

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>An HttpClient for the API: over the Unix socket in container mode, over TCP in standalone mode.</summary>
    public HttpClient Api => SocketPath is { } socket ? SocketHttp.CreateClient(socket) : new HttpClient { BaseAddress = TcpBaseAddress };

    public Uri TcpBaseAddress => new($"http://127.0.0.1:{TcpPort}");

    /// <summary>Container mode (socket + TCP hub port) unless <paramref name="socket"/> is false (standalone on TCP).</summary>
    public static async Task<ServerProcess> StartAsync(bool socket = true, bool tcp = true, string? dataDirectory = null,
        string? socketPath = null, params string[] extraArgs)
    {
        var folder = new TempFolder();
        socketPath ??= socket ? Path.Combine(folder.Path, "run", "meshdock.sock") : null;
        var data = dataDirectory ?? Path.Combine(folder.Path, "data");
        var args = new List<string> { ServerDll, "--data", data, "--docker-socket", Path.Combine(folder.Path, "no-docker.sock") };
        if (socketPath is not null)
        {
            args.AddRange(["--socket", socketPath]);
        }

        if (tcp)
        {
            args.AddRange(["--urls", "http://127.0.0.1:0"]);
        }

        args.AddRange(extraArgs);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.Path, // the server must not depend on its working directory
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, socketPath, data, folder);
        process.OutputDataReceived += (_, e) => server.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => server.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(tcp);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs the server to exit (for start-up failures); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string dataDirectory, params string[] extraArgs)
    {
        using var folder = new TempFolder();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { ServerDll, "--data", dataDirectory, "--socket", Path.Combine(folder.Path, "s.sock") }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The server kept running; it was expected to refuse to start.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Like a crash or <c>kill -9</c>: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Like <c>docker stop</c>: SIGTERM, then the host's graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed.");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        _ownedFolder?.Dispose();
    }

    internal static string ServerDll
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepoPaths.Backend, "src", "Meshdock.Server", "bin", configuration, "net10.0", "Meshdock.Server.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the server first: {path} is missing.", path);
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningOnTcp().Match(line) is { Success: true } match)
        {
            _tcpPort.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private async Task WaitUntilReadyAsync(bool tcp)
    {
        var deadline = Stopwatch.StartNew();
        if (tcp)
        {
            await _tcpPort.Task.WaitAsync(StartTimeout);
        }

        using var client = Api;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningOnTcp();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
