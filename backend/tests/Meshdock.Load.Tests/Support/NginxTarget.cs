using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meshdock.Load.Tests.Support;

/// <summary>
/// Debian's nginx on 127.0.0.1 serving HTTP/2 (h2c by prior knowledge, or h2 over TLS with ALPN), with an access log
/// to count what it answered. <paramref name="keepaliveRequests"/> is nginx's keepalive_requests: after that many
/// requests on a connection nginx sends GOAWAY and closes it.
/// </summary>
internal sealed class NginxTarget : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxTarget(Process process, string directory, int port, bool tls)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Url = $"{(tls ? "https" : "http")}://127.0.0.1:{port}/";
    }

    public int Port { get; }

    public string Url { get; }

    public static async Task<NginxTarget> StartAsync(int keepaliveRequests = 1000, TestCertificates? certificates = null)
    {
        var directory = Directory.CreateTempSubdirectory("meshdock-nginx-").FullName;
        var port = FreePort();
        var tls = certificates is not null;
        var tlsLines = "";
        if (certificates is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "server.pem"), certificates.Server.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(directory, "server.key"), certificates.ServerKeyPem);
            tlsLines = $"ssl_certificate {directory}/server.pem; ssl_certificate_key {directory}/server.key;";
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            worker_processes 1;
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log {{directory}}/access.log;
              client_body_temp_path {{directory}};
              keepalive_requests {{keepaliveRequests}};
              server {
                listen 127.0.0.1:{{port}} {{(tls ? "ssl " : "")}}http2;
                {{tlsLines}}
                location / { return 200 "hello from nginx\n"; }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("nginx", ["-c", Path.Combine(directory, "nginx.conf"), "-p", directory, "-e", Path.Combine(directory, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var target = new NginxTarget(process, directory, port, tls);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return target;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"nginx exited: {await File.ReadAllTextAsync(Path.Combine(directory, "error.log"))}");
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("nginx did not listen within 5 s");
    }

    /// <summary>Requests in the access log, by protocol (e.g. "HTTP/2.0") and status; nginx writes each line as the
    /// request ends, so a run's requests are all there when it returns.</summary>
    public IReadOnlyList<string> AccessLog() =>
        File.Exists(Path.Combine(_directory, "access.log")) ? File.ReadAllLines(Path.Combine(_directory, "access.log")) : [];

    public long Count(string protocol, int status) =>
        AccessLog().Count(line => line.Contains($"\"GET / {protocol}\" {status} ", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // "nginx -s stop" sends the master SIGTERM, which takes its worker down with it (a kill would not).
            using var stop = Process.Start("nginx", ["-c", Path.Combine(_directory, "nginx.conf"), "-p", _directory, "-s", "stop"]);
            await stop.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
