using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Meshdock.Load.Engine;

/// <summary>How https targets' certificates are checked: the system store, any certificate, or one given CA.</summary>
internal sealed class TlsSettings : IDisposable
{
    private readonly X509Certificate2? _ca;
    private readonly bool _skipVerify;

    public TlsSettings(LoadSpec spec)
    {
        _skipVerify = spec.InsecureSkipVerify;
        if (spec.CaCertificatePem is not null)
            _ca = X509Certificate2.CreateFromPem(spec.CaCertificatePem);
    }

    // Accepting any certificate is what the user asked for with InsecureSkipVerify (test servers, self-signed certs).
#pragma warning disable CA5359
    public RemoteCertificateValidationCallback? Callback => _skipVerify ? (_, _, _, _) => true : _ca is null ? null : ValidateAgainstCa;
#pragma warning restore CA5359

    public SslClientAuthenticationOptions ClientOptions(string host, SslApplicationProtocol protocol) => new()
    {
        TargetHost = host,
        ApplicationProtocols = [protocol],
        RemoteCertificateValidationCallback = Callback,
    };

    private bool ValidateAgainstCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return false;
        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.Add(_ca!);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements.Skip(1))
                customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return customChain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public void Dispose() => _ca?.Dispose();
}
