using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using k8s.Models;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>A working connection to the selected context: the address that answered and the client bound to it.</summary>
public sealed record ClusterLink(
    ResolvedContext Context, ServerCandidate Candidate, IKubernetes Client, VersionInfo Version, IReadOnlyList<ConnectionAttempt> Attempts, string Fingerprint);

/// <summary>
/// The one way features reach the cluster: a client for the selected context, connected through the first address
/// candidate that answers, and the effective kubeconfig file for helm. The kubeconfig is re-read on every call, so
/// a changed or newly written kubeconfig takes effect without a restart; the client is reused while it is unchanged.
/// </summary>
public sealed class ClusterConnection(
    KubeconfigSources sources,
    ContextSelection selection,
    ClusterFiles files,
    IOptions<ClusterOptions> options,
    ExecConfirmations execConfirmations,
    ILogger<ClusterConnection> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClusterLink? _current;

    public bool InContainer => options.Value.InContainer ?? false;

    /// <summary>A client for the selected context; throws <see cref="ClusterUnavailableException"/> with a sentence.</summary>
    public async Task<IKubernetes> GetClientAsync(CancellationToken cancellationToken) =>
        (await EnsureAsync(verify: false, cancellationToken)).Client;

    /// <summary>The effective kubeconfig file and context for <c>helm --kubeconfig PATH --kube-context CTX</c>.</summary>
    public async Task<HelmTarget> GetHelmTargetAsync(CancellationToken cancellationToken)
    {
        var link = await EnsureAsync(verify: false, cancellationToken);
        return new HelmTarget(files.EffectiveKubeconfig, link.Context.Name) { Fingerprint = link.Fingerprint };
    }

    /// <summary>Checks that the cluster answers now (reconnecting through every candidate when it does not).</summary>
    public Task<ClusterLink> CheckAsync(CancellationToken cancellationToken) => EnsureAsync(verify: true, cancellationToken);

    /// <summary>Forgets the current connection (context changed, kubeconfig uploaded). Old clients are not disposed:
    /// an operation may still be watching through one; they are collected when it ends.</summary>
    public void Reset() => _current = null;

    public void Dispose() => _gate.Dispose();

    private async Task<ClusterLink> EnsureAsync(bool verify, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (context, fingerprint) = await SelectAsync(cancellationToken);
            if (_current is { } current && current.Fingerprint == fingerprint)
            {
                if (!verify)
                {
                    return current;
                }

                try
                {
                    using var timeout = Timeout(cancellationToken);
                    var version = await current.Client.Version.GetCodeAsync(timeout.Token);
                    return _current = current with { Version = version };
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var failure = ConnectionFailure.Classify(e);
                    logger.StoppedAnswering(context.Name, current.Candidate.Address, failure);
                }
            }

            _current = null;
            return _current = await ConnectAsync(context, fingerprint, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(ResolvedContext Context, string Fingerprint)> SelectAsync(CancellationToken cancellationToken)
    {
        var kubeconfig = await sources.LoadAsync(cancellationToken);
        var names = kubeconfig.ContextSource.Keys.ToList();
        var chosen = ContextSelection.Choose(names, await selection.GetPersistedAsync(cancellationToken), kubeconfig.Merged.CurrentContext);
        if (chosen is null)
        {
            var problems = kubeconfig.Problems.Count > 0 ? " " + string.Join(" ", kubeconfig.Problems) : "";
            throw new ClusterUnavailableException(
                $"No kubeconfig with a context was found (looked at {string.Join(", ", kubeconfig.Searched)}).{problems} " +
                "Enable Kubernetes in Docker Desktop (Settings → Kubernetes), which writes ~/.kube/config, or paste a kubeconfig on the Overview page.",
                ClusterFailureKind.NoKubeconfig);
        }

        var context = ResolvedContext.Resolve(kubeconfig, chosen);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{context.Name}\n{KubernetesYaml.Serialize(context.Cluster)}\n{KubernetesYaml.Serialize(context.User)}\n{context.Namespace}")));
        return (context, fingerprint);
    }

    private async Task<ClusterLink> ConnectAsync(ResolvedContext context, string fingerprint, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (UserAuth.Problem(context.User.Name, context.User.UserCredentials, InContainer) is { } authProblem)
        {
            throw Failure(context, authProblem, ClusterFailureKind.UnsupportedAuth);
        }

        await RequireExecConfirmationAsync(context, cancellationToken);

        var candidates = ServerAddressRewriter.Candidates(
            context.Name, context.Server, context.Cluster.ClusterEndpoint.TlsServerName, InContainer, settings.HostGateway, settings.DockerDesktopApiHost);
        var attempts = new List<ConnectionAttempt>();
        foreach (var candidate in candidates)
        {
            K8SConfiguration effective;
            try
            {
                effective = await EffectiveKubeconfig.BuildAsync(context, candidate, cancellationToken);
            }
            catch (ClusterUnavailableException e)
            {
                throw Failure(context, e.Message, e.Kind);
            }

            var address = EffectiveKubeconfig.FormatServer(candidate.Address);
            k8s.Kubernetes client;
            try
            {
                client = CreateClient(effective, context.Name, candidate, settings.ConnectTimeout);
            }
            catch (KubeConfigException e) when (ExecPluginFailure.Find(e) is { } exec)
            {
                throw ExecFailed(context, exec);
            }
            catch (KubeConfigException e)
            {
                throw Failure(context, $"The kubeconfig of context '{context.Name}' cannot be used: {e.Message}. Fix it or paste another one.",
                    ClusterFailureKind.InvalidKubeconfig);
            }

            try
            {
                using var timeout = Timeout(cancellationToken);
                var endpoint = effective.Clusters.Single().ClusterEndpoint;
                if (candidate.Address.Scheme == Uri.UriSchemeHttps && !endpoint.SkipTlsVerify)
                {
                    await TlsNameCheck.VerifyAsync(candidate, endpoint.CertificateAuthorityData, settings.ConnectTimeout, timeout.Token);
                }

                var version = await client.Version.GetCodeAsync(timeout.Token);
                attempts.Add(new ConnectionAttempt(address, candidate.TlsServerName, candidate.Why, true, null, null));
                await files.WriteSecretAsync(files.EffectiveKubeconfig, KubernetesYaml.Serialize(effective), cancellationToken);
                logger.Connected(context.Name, address, version.GitVersion);
                return new ClusterLink(context, candidate, client, version, attempts, fingerprint);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && ExecPluginFailure.Find(e) is { } exec)
            {
                // The plugin fails the same way whichever address is tried next.
                client.Dispose();
                throw ExecFailed(context, exec);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                var kind = ConnectionFailure.Classify(e);
                attempts.Add(new ConnectionAttempt(address, candidate.TlsServerName, candidate.Why, false, kind, ConnectionFailure.Describe(kind, candidate, e)));
            }
        }

        var (failure, sentence) = ConnectionFailure.Explain(
            context.Name, context.User.Name, attempts, InContainer, settings.RequestTimeout);
        logger.Unreachable(context.Name, sentence);
        throw Failure(context, sentence, failure, attempts);
    }

    /// <summary>
    /// An exec credential plugin of a pasted kubeconfig runs a program named by whoever wrote that kubeconfig: it runs
    /// only once the user has confirmed that exact command in the panel. Plugins of the user's own kubeconfig files
    /// run as kubectl runs them.
    /// </summary>
    private async Task RequireExecConfirmationAsync(ResolvedContext context, CancellationToken cancellationToken)
    {
        if (context.User.UserCredentials?.ExternalExecution is not { } exec
            || (context.Source != KubeconfigSources.UploadedSource && !await execConfirmations.IsUploadedUserAsync(context.User.Name, cancellationToken)))
        {
            return;
        }

        var plugin = ExecPlugin.From(context.User.Name, exec);
        if (!await execConfirmations.IsConfirmedAsync(plugin.Fingerprint, cancellationToken))
        {
            throw new ClusterUnavailableException(
                $"User '{context.User.Name}' of the pasted kubeconfig gets its credentials by running '{plugin.Command}'"
                + $"{(plugin.Args.Count > 0 ? " " + string.Join(' ', plugin.Args) : "")}: check that this is the program you expect, then confirm it on the Overview page.",
                ClusterFailureKind.ExecNeedsConfirmation, context.Name, null, EffectiveKubeconfig.FormatServer(context.Server), context.Source, plugin);
        }
    }

    private ClusterUnavailableException ExecFailed(ResolvedContext context, KubeConfigException exec)
    {
        var sentence = ExecPluginFailure.Describe(context.User.Name, context.User.UserCredentials.ExternalExecution?.Command ?? "?", exec);
        logger.Unreachable(context.Name, sentence);
        return Failure(context, sentence, ClusterFailureKind.ExecPluginFailed);
    }

    private static ClusterUnavailableException Failure(
        ResolvedContext context, string sentence, ClusterFailureKind kind, IReadOnlyList<ConnectionAttempt>? attempts = null) =>
        new(sentence, kind, context.Name, attempts, EffectiveKubeconfig.FormatServer(context.Server), context.Source);

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.Value.RequestTimeout);
        return cts;
    }

    /// <summary>
    /// The client addresses the server by the certificate's name (so SNI and verification use it) and, when the
    /// candidate reaches it under another name, dials that one instead: the same effect as kubectl's tls-server-name.
    /// </summary>
    private static k8s.Kubernetes CreateClient(K8SConfiguration effective, string context, ServerCandidate candidate, TimeSpan connectTimeout)
    {
        var config = UserAuth.Kind(effective.Users.Single().UserCredentials) == "none"
            ? Anonymous(effective)
            : KubernetesClientConfiguration.BuildConfigFromConfigObject(effective, context);
        config.TlsServerName = null;
        config.Host = EffectiveKubeconfig.FormatServer(new UriBuilder(candidate.Address) { Host = candidate.TlsHost }.Uri);
        var dial = new DnsEndPoint(candidate.Address.Host, candidate.Address.Port);
        config.FirstMessageHandlerSetup = handler =>
        {
            handler.ConnectTimeout = connectTimeout;
            if (candidate.TlsServerName is not null)
            {
                handler.ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(dial, ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
            }
        };
        return new k8s.Kubernetes(config);
    }

    /// <summary>
    /// A user without credentials is valid for kubectl (the server may allow anonymous access, or authenticate by
    /// something outside the kubeconfig) but KubernetesClient refuses it, so such a configuration is built here.
    /// </summary>
    private static KubernetesClientConfiguration Anonymous(K8SConfiguration effective)
    {
        var endpoint = effective.Clusters.Single().ClusterEndpoint;
        var config = new KubernetesClientConfiguration
        {
            Host = endpoint.Server,
            SkipTlsVerify = endpoint.SkipTlsVerify,
            Namespace = effective.Contexts.Single().ContextDetails.Namespace,
        };
        if (endpoint.CertificateAuthorityData is { Length: > 0 } ca)
        {
            config.SslCaCerts = [];
            config.SslCaCerts.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(ca)));
        }

        return config;
    }
}
