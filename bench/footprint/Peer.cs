using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Meshdock.Bench.Footprint;

/// <summary>A server process under measurement: started, timed until it answers on its socket, its RSS read from /proc.</summary>
internal sealed partial class Peer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _tcpPort = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Peer(Process process, string socket)
    {
        _process = process;
        Socket = socket;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m)
            {
                _tcpPort.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Socket { get; }

    public TimeSpan TimeToHealth { get; private set; }

    public Task<int> TcpPort => _tcpPort.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public HttpClient Http { get; private set; } = null!;

    public static async Task<Peer> StartAsync(string socket, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        var peer = new Peer(Process.Start(info)!, socket);
        peer.Http = new HttpClient(SocketHandler(socket)) { BaseAddress = new Uri("http://localhost") };
        while (true)
        {
            try
            {
                using var response = await peer.Http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    peer.TimeToHealth = clock.Elapsed;
                    return peer;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !peer._process.HasExited)
            {
                await Task.Delay(5);
            }
        }
    }

    /// <summary>Resident set size in MiB, from /proc/PID/status (VmRSS).</summary>
    public double RssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public static SocketsHttpHandler SocketHandler(string socket) => new()
    {
        ConnectCallback = async (_, token) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
            return new NetworkStream(s, ownsSocket: true);
        },
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
