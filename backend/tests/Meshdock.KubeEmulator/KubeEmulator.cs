using System.Net;
using System.Security.Cryptography.X509Certificates;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Controllers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Meshdock.KubeEmulator;

/// <summary>
/// A Kubernetes API server stand-in on 127.0.0.1 (plain HTTP): enough of the REST API, discovery, OpenAPI, watch
/// and server-side apply for KubernetesClient, kubectl and Helm, with simulated workloads.
/// <code>
/// await using var emu = await KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(300) });
/// var kubeconfig = emu.WriteKubeconfig(Path.Combine(tempDir, "config"));
/// emu.Faults.FailImage("ghcr.io/example/broken");
/// </code>
/// </summary>
public sealed class KubeEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeEmulator(WebApplication app, EmulatedCluster cluster, Uri baseUrl, X509Certificate2? certificate)
    {
        _app = app;
        Cluster = cluster;
        BaseUrl = baseUrl;
        Certificate = certificate;
    }

    /// <summary>The serving certificate (also the CA) when <see cref="KubeEmulatorOptions.UseTls"/> is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The CA to trust, in PEM, when serving TLS.</summary>
    public string? CertificateAuthorityPem => Certificate?.ExportCertificatePem();

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The emulated cluster's state, for tests that look at or change it directly.</summary>
    public EmulatedCluster Cluster { get; }

    public KubeEmulatorOptions Options => Cluster.Options;

    /// <summary>Which pods fail to pull their image; change it at any time.</summary>
    public FaultInjection Faults => Cluster.Faults;

    public static async Task<KubeEmulator> StartAsync(KubeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeEmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(KubeEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var certificate = options.UseTls ? Hosting.ServingCertificate.Create() : null;
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            });
            // Helm charts and CRDs can be large; the real server accepts up to 3 MiB per object.
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        if (options.LogRequests) builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        var cluster = new EmulatedCluster(options);
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService<WorkloadSimulator>();

        var app = builder.Build();
        app.UseEmulatorPipeline(options);
        app.MapDiscovery();
        app.MapOpenApi();
        app.MapResources();
        app.MapEmulatorControls();
        ClusterSeed.Populate(cluster);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KubeEmulator(app, cluster, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), certificate);
    }

    /// <summary>
    /// Writes a kubeconfig with one cluster, user and context (named <paramref name="contextName"/>) and returns its
    /// path. The user always has a token: KubernetesClient refuses a kubeconfig user without credentials (the
    /// emulator ignores the token unless <see cref="KubeEmulatorOptions.Token"/> is set).
    /// </summary>
    /// <param name="server">The server address to write instead of <see cref="BaseUrl"/> (e.g. another name for 127.0.0.1).</param>
    /// <param name="tlsServerName">The name to verify the certificate against, when the address is not one of its names.</param>
    public string WriteKubeconfig(string path, string contextName = "emulator", string? defaultNamespace = null, Uri? server = null, string? tlsServerName = null) =>
        Kubeconfig.Write(path, new KubeconfigCluster(server ?? BaseUrl, CertificateAuthorityPem, tlsServerName), contextName,
            Options.Token ?? "emulator-accepts-any-token", defaultNamespace);

    /// <summary>Completes when the host is asked to stop (Ctrl+C or SIGTERM in process mode).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Cluster.Dispose();
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
