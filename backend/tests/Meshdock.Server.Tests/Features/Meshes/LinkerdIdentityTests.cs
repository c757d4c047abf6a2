using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Tests.Kubernetes.Helm;

namespace Meshdock.Server.Tests.Features.Meshes;

public sealed class LinkerdIdentityTests
{
    private static readonly LinkerdIdentity Identity = LinkerdIdentity.Generate(TimeProvider.System);

    [Fact]
    public void The_issuer_chains_to_the_trust_anchor_with_P256_keys()
    {
        using var anchor = X509Certificate2.CreateFromPem(Identity.TrustAnchorPem);
        using var issuer = X509Certificate2.CreateFromPem(Identity.IssuerCertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(issuer), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
        foreach (var cert in new[] { anchor, issuer })
        {
            using var key = cert.GetECDsaPublicKey()!;
            Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // P-256 (prime256v1)
            var constraints = cert.Extensions.OfType<X509BasicConstraintsExtension>().Single();
            Assert.True(constraints.CertificateAuthority);
        }
        Assert.Equal("CN=identity.linkerd.cluster.local", issuer.Subject);
        Assert.Equal(0, issuer.Extensions.OfType<X509BasicConstraintsExtension>().Single().PathLengthConstraint);
    }

    [Fact]
    public void The_issuer_key_belongs_to_the_issuer_certificate()
    {
        using var issuer = X509Certificate2.CreateFromPem(Identity.IssuerCertificatePem, Identity.IssuerKeyPem);
        using var key = issuer.GetECDsaPrivateKey()!;

        var data = "linkerd"u8.ToArray();
        var signature = key.SignData(data, HashAlgorithmName.SHA256);
        using var publicKey = issuer.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256));
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", Identity.IssuerKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_use_the_names_the_linkerd_control_plane_chart_reads()
    {
        var values = Identity.ToValues();

        Assert.Equal(Identity.TrustAnchorPem, values["identityTrustAnchorsPEM"]);
        var tls = (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)values["identity"]!)["issuer"]!)["tls"]!;
        Assert.Equal(Identity.IssuerCertificatePem, tls["crtPEM"]);
        Assert.Equal(Identity.IssuerKeyPem, tls["keyPEM"]);
    }

    [Fact]
    public void Every_install_gets_a_new_root()
    {
        Assert.NotEqual(Identity.TrustAnchorPem, LinkerdIdentity.Generate(TimeProvider.System).TrustAnchorPem);
    }
}
