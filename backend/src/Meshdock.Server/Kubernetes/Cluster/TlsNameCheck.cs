using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// Checks an API server's certificate the way kubectl does — chained to the kubeconfig's certificate authority AND
/// issued for the expected name — before Meshdock uses an address. KubernetesClient's own check for a custom CA
/// accepts a certificate for any name, which would make a rewritten address (the host gateway) trust whatever answers.
/// </summary>
public static class TlsNameCheck
{
    /// <summary>Throws <see cref="AuthenticationException"/> when the certificate is not valid for the candidate's TLS name.</summary>
    public static async Task VerifyAsync(ServerCandidate candidate, string? certificateAuthorityData, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var authorities = new X509Certificate2Collection();
        if (certificateAuthorityData is { Length: > 0 })
        {
            authorities.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(certificateAuthorityData)));
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(connectTimeout);
            await socket.ConnectAsync(new DnsEndPoint(candidate.Address.Host, candidate.Address.Port), connect.Token);
        }

        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = candidate.TlsHost,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Valid(certificate, errors, authorities),
        }, cancellationToken);
    }

    public static bool Valid(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (authorities.Count == 0)
        {
            return false; // not trusted by the system, and the kubeconfig names no authority
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
