using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// Linkerd's control-plane chart cannot make its own identity: it wants an ECDSA P-256 trust anchor and an issuer
/// certificate and key signed by it. Meshdock generates both for every install (a fresh root per cluster).
/// </summary>
public sealed record LinkerdIdentity(string TrustAnchorPem, string IssuerCertificatePem, string IssuerKeyPem)
{
    // Linkerd expects these subject names: the issuer's is the identity service's DNS name.
    private const string TrustAnchorName = "CN=root.linkerd.cluster.local";
    private const string IssuerName = "CN=identity.linkerd.cluster.local";

    public static LinkerdIdentity Generate(TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = CaRequest(TrustAnchorName, rootKey, pathLength: 1);
        // The trust anchor outlives the issuer so that rotating the issuer does not need a new anchor.
        using var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = CaRequest(IssuerName, issuerKey, pathLength: 0);
        issuerRequest.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 requires
        using var issuer = issuerRequest.Create(root, now.AddMinutes(-5), now.AddYears(1), serial);

        return new LinkerdIdentity(root.ExportCertificatePem(), issuer.ExportCertificatePem(), issuerKey.ExportECPrivateKeyPem());
    }

    /// <summary>The chart values that carry the identity, merged over the catalog's values.</summary>
    public Dictionary<string, object?> ToValues() => new()
    {
        ["identityTrustAnchorsPEM"] = TrustAnchorPem,
        ["identity"] = new Dictionary<string, object?>
        {
            ["issuer"] = new Dictionary<string, object?>
            {
                ["tls"] = new Dictionary<string, object?> { ["crtPEM"] = IssuerCertificatePem, ["keyPEM"] = IssuerKeyPem },
            },
        },
    };

    private static CertificateRequest CaRequest(string subject, ECDsa key, int pathLength)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
