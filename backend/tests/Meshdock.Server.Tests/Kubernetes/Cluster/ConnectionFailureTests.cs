using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Autorest;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class ConnectionFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<Exception, ClusterFailureKind> Failures() => new()
    {
        { new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), ClusterFailureKind.ConnectionRefused },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "x", new SocketException((int)SocketError.HostNotFound)), ClusterFailureKind.NameNotResolved },
        { new HttpRequestException("x", new AuthenticationException("remote certificate is invalid")), ClusterFailureKind.Tls },
        { Status(HttpStatusCode.Unauthorized), ClusterFailureKind.Unauthorized },
        { Status(HttpStatusCode.Forbidden), ClusterFailureKind.Forbidden },
        { new TaskCanceledException("timed out"), ClusterFailureKind.Timeout },
        { new InvalidDataException("odd"), ClusterFailureKind.Other },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_are_classified_by_cause(Exception exception, ClusterFailureKind expected) =>
        Assert.Equal(expected, ConnectionFailure.Classify(exception));

    [Fact]
    public void A_refused_docker_desktop_context_says_Kubernetes_is_not_enabled_and_where_to_enable_it()
    {
        var (kind, sentence) = Explain("docker-desktop", Attempt("https://127.0.0.1:6443", ClusterFailureKind.ConnectionRefused));

        Assert.Equal(ClusterFailureKind.ConnectionRefused, kind);
        Assert.Contains("Kubernetes is not enabled in Docker Desktop", sentence);
        Assert.Contains("Settings → Kubernetes → Enable", sentence);
    }

    [Fact]
    public void A_refused_other_context_says_its_API_server_is_not_running()
    {
        var (_, sentence) = Explain("kind-dev", Attempt("https://127.0.0.1:41000", ClusterFailureKind.ConnectionRefused));

        Assert.Contains("Nothing answers at https://127.0.0.1:41000", sentence);
        Assert.Contains("'kind-dev'", sentence);
        Assert.DoesNotContain("Docker Desktop", sentence);
    }

    [Theory]
    [InlineData(ClusterFailureKind.NameNotResolved, "does not resolve")]
    [InlineData(ClusterFailureKind.Tls, "certificate")]
    [InlineData(ClusterFailureKind.Unauthorized, "rejected the credentials of user 'admin' (401)")]
    [InlineData(ClusterFailureKind.Forbidden, "cluster-admin")]
    [InlineData(ClusterFailureKind.Timeout, "did not answer within 10 s")]
    public void Each_failure_has_its_own_advice(ClusterFailureKind failure, string expected)
    {
        var (kind, sentence) = Explain("prod", Attempt("https://api.example.com:6443", failure));

        Assert.Equal(failure, kind);
        Assert.Contains(expected, sentence);
    }

    [Fact]
    public void When_several_addresses_fail_the_most_telling_failure_is_explained_and_every_attempt_listed()
    {
        var (kind, sentence) = Explain("docker-desktop",
            Attempt("https://kubernetes.docker.internal:6443", ClusterFailureKind.NameNotResolved),
            Attempt("https://host.docker.internal:6443", ClusterFailureKind.Unauthorized));

        Assert.Equal(ClusterFailureKind.Unauthorized, kind);
        Assert.Contains("Reset Kubernetes Cluster", sentence);
        Assert.Contains("https://kubernetes.docker.internal:6443: failed", sentence);
        Assert.Contains("https://host.docker.internal:6443: failed", sentence);
    }

    private static (ClusterFailureKind, string) Explain(string context, params ConnectionAttempt[] attempts) =>
        ConnectionFailure.Explain(context, "admin", attempts, inContainer: true, Timeout);

    private static ConnectionAttempt Attempt(string address, ClusterFailureKind failure) =>
        new(address, null, "test", false, failure, "failed");

    private static HttpOperationException Status(HttpStatusCode code) => new("status")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), ""),
    };
}
