using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

/// <summary>
/// Terminates TLS in front of the emulator (which speaks plain HTTP), with a self-signed certificate for one DNS
/// name, the way Docker Desktop's API server presents a certificate for kubernetes.docker.internal.
/// </summary>
internal sealed class TlsFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _certificate;
    private readonly Task _accepting;

    public TlsFront(Uri backend, string dnsName)
    {
        _certificate = SelfSigned(dnsName);
        CaPem = _certificate.ExportCertificatePem();
        _listener.Start();
        _accepting = AcceptAsync(backend);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The certificate, which is also its own CA, as the kubeconfig's certificate-authority-data expects it.</summary>
    public string CaPem { get; }

    public string CaData => Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _certificate.Dispose();
    }

    private async Task AcceptAsync(Uri backend)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client, backend);
        }
    }

    private async Task RelayAsync(TcpClient client, Uri backend)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                await upstream.ConnectAsync(backend.Host, backend.Port, _stop.Token);
                var plain = upstream.GetStream();
                await Task.WhenAny(tls.CopyToAsync(plain, _stop.Token), plain.CopyToAsync(tls, _stop.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                // A client that refused the certificate, or the test ending: nothing to relay.
            }
        }
    }

    private static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // SslStream on Linux needs the key in a loadable form, not an ephemeral handle.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
