using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>
/// The filter server as the cluster runs it: Debian's nginx with exactly the server block and module files Meshdock
/// generates (read from the generated ConfigMaps and Deployment), in place of the nginx image. Only the listen address
/// and the docroot are moved to a free loopback port and a temporary folder; the main configuration is the image's.
/// </summary>
public sealed class FilterServerNginxTests : IAsyncLifetime, IDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, byte[]> _modules = new()
    {
        ["rate-limit"] = FilterModules.RateLimit,
        ["pass-through"] = FilterModules.PassThrough(),
    };
    private Process? _nginx;
    private JsonObject _deployment = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Nginx), "Debian's nginx is needed (apt-get install nginx-light; `make test` installs it).");
        var shas = _modules.Values.Select(bytes => Convert.ToHexStringLower(SHA256.HashData(bytes))).ToList();
        _deployment = FilterServerManifests.Deployment(shas);
        var container = _deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var volumes = _deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        var port = FreePort();
        var root = Path.Combine(_folder.Path, "prefix");
        Directory.CreateDirectory(Path.Combine(root, "logs"));

        // Each volume mount becomes a folder holding what the kubelet would put there: the keys of its ConfigMaps.
        var configMaps = _modules.Select(m => FilterServerManifests.ConfigMap(m.Key, Convert.ToHexStringLower(SHA256.HashData(m.Value)), m.Value))
            .Append(FilterServerManifests.ServerConfigMap())
            .ToDictionary(c => (string)c["metadata"]!["name"]!);
        var mounts = new Dictionary<string, string>();
        foreach (var mount in container["volumeMounts"]!.AsArray())
        {
            var local = Path.Combine(_folder.Path, "mounts", ((string)mount!["name"]!));
            Directory.CreateDirectory(local);
            mounts[(string)mount["mountPath"]!] = local;
            var volume = volumes.Single(v => (string?)v!["name"] == (string?)mount["name"])!;
            var sources = volume["projected"]?["sources"]?.AsArray().Select(s => (string)s!["configMap"]!["name"]!) ?? [(string)volume["configMap"]!["name"]!];
            foreach (var configMap in sources.Select(name => configMaps[name]))
            {
                foreach (var (key, value) in configMap["binaryData"] as JsonObject ?? [])
                {
                    await File.WriteAllBytesAsync(Path.Combine(local, key), Convert.FromBase64String((string)value!));
                }
                foreach (var (key, value) in configMap["data"] as JsonObject ?? [])
                {
                    await File.WriteAllTextAsync(Path.Combine(local, key), (string)value!);
                }
            }
        }

        var confDir = mounts["/etc/nginx/conf.d"];
        var serverBlock = await File.ReadAllTextAsync(Path.Combine(confDir, "default.conf"));
        var moved = ReplaceOnce(ReplaceOnce(serverBlock, "listen 80;", $"listen 127.0.0.1:{port};"),
            "root /usr/share/nginx/html;", $"root {mounts["/usr/share/nginx/html"]};");
        await File.WriteAllTextAsync(Path.Combine(confDir, "default.conf"), moved);

        // The nginx image's own nginx.conf, run in the foreground as one process.
        var main = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            error_log stderr warn;
            pid {{root}}/nginx.pid;
            events { worker_connections 64; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log off;
                sendfile on;
                keepalive_timeout 65;
                client_body_temp_path {{root}}/body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                include {{confDir}}/*.conf;
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(Nginx, ["-p", root, "-c", main]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(10) && !_nginx.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                Assert.Fail($"nginx did not start: {(_nginx.HasExited ? await _nginx.StandardError.ReadToEndAsync() : "still not listening")}");
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill();
            _nginx.WaitForExit();
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _nginx?.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_readiness_and_liveness_probes_get_200()
    {
        var container = _deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            var path = (string)container[probe]!["httpGet"]!["path"]!;
            using var response = await _http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe} GET {path} answered {(int)response.StatusCode}");
            Assert.Equal(80, (int)container[probe]!["httpGet"]!["port"]!);
        }
    }

    [Fact]
    public async Task Each_module_url_returns_the_exact_bytes_with_the_pinned_sha256()
    {
        foreach (var (name, bytes) in _modules)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = new Uri(FilterServerManifests.ModuleUrl(sha)).AbsolutePath;

            using var response = await _http.GetAsync(path);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: GET {path} answered {(int)response.StatusCode}");
            var served = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(served)));
            Assert.Equal(bytes, served);
            Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Nothing_else_is_served_or_listed()
    {
        foreach (var path in new[] { "/", "/index.html", "/default.conf", $"/{new string('0', 64)}.wasm" })
        {
            using var response = await _http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path} answered {(int)response.StatusCode}");
        }
    }

    private static string ReplaceOnce(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(what, at + 1, StringComparison.Ordinal) < 0, $"the generated server block should say '{what}' once:\n{text}");
        return string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
