using k8s;
using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>Lists and selects contexts, and stores a pasted kubeconfig.</summary>
public sealed class ClusterContexts(
    KubeconfigSources sources,
    ContextSelection selection,
    ClusterFiles files,
    ClusterConnection connection,
    ExecConfirmations confirmations,
    ILogger<ClusterContexts> logger)
{
    public async Task<ContextList> ListAsync(CancellationToken cancellationToken)
    {
        var kubeconfig = await sources.LoadAsync(cancellationToken);
        var config = kubeconfig.Merged;
        var checks = KubeconfigParser.CheckContexts(config).ToDictionary(c => c.Context, c => c.Problem);
        var contexts = config.Contexts.Select(context =>
        {
            var details = context.ContextDetails;
            var cluster = config.Clusters.FirstOrDefault(c => c.Name == details?.Cluster);
            var user = config.Users.FirstOrDefault(u => u.Name == details?.User);
            var problem = checks.GetValueOrDefault(context.Name)
                ?? UserAuth.Problem(user?.Name ?? "", user?.UserCredentials, connection.InContainer);
            return new ContextInfo(context.Name, details?.Cluster, details?.User, cluster?.ClusterEndpoint?.Server, details?.Namespace,
                kubeconfig.ContextSource[context.Name], UserAuth.Kind(user?.UserCredentials), problem);
        }).ToList();
        var selected = ContextSelection.Choose(kubeconfig.ContextSource.Keys.ToList(), await selection.GetPersistedAsync(cancellationToken), config.CurrentContext);
        return new ContextList(selected, contexts, kubeconfig.Searched, kubeconfig.ContextSource.Values.Contains(KubeconfigSources.UploadedSource), kubeconfig.Problems);
    }

    /// <summary>Selects a context by name; false when no such context exists.</summary>
    public async Task<bool> SelectAsync(string context, CancellationToken cancellationToken)
    {
        var kubeconfig = await sources.LoadAsync(cancellationToken);
        if (!kubeconfig.ContextSource.ContainsKey(context))
        {
            return false;
        }

        await selection.PersistAsync(context, cancellationToken);
        connection.Reset();
        logger.ContextSelected(context);
        return true;
    }

    /// <summary>
    /// Validates and stores a pasted kubeconfig, then selects its current (or first usable) context. Throws
    /// <see cref="InvalidKubeconfigException"/> before anything is written.
    /// </summary>
    public async Task UploadAsync(string text, CancellationToken cancellationToken)
    {
        var config = KubeconfigParser.Parse(text);
        var contexts = KubeconfigParser.Validate(config);
        var usable = contexts.Where(c => c.Problem is null).Select(c => c.Context).ToList();

        // Stored as parsed and re-serialised: normalised, and no YAML tricks (anchors, comments) survive into the file.
        confirmations.Forget();
        await files.WriteSecretAsync(files.UploadedKubeconfig, KubernetesYaml.Serialize(Normalize(config)), cancellationToken);
        var chosen = config.CurrentContext is { } current && usable.Contains(current) ? current : usable[0];
        await selection.PersistAsync(chosen, cancellationToken);
        connection.Reset();
        logger.KubeconfigUploaded(usable.Count);
    }

    /// <summary>
    /// Records that the user confirmed the exec credential plugin with this fingerprint, which a user of the pasted
    /// kubeconfig must have; false when none has (the kubeconfig changed since the panel showed the command).
    /// </summary>
    public async Task<bool> ConfirmExecAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var text = await files.ReadAsync(files.UploadedKubeconfig, cancellationToken);
        if (text is null || !(KubeconfigParser.Parse(text).Users ?? [])
                .Any(u => u.UserCredentials?.ExternalExecution is { } exec && ExecPlugin.From(u.Name, exec).Fingerprint == fingerprint))
        {
            return false;
        }

        await confirmations.ConfirmAsync(fingerprint, cancellationToken);
        connection.Reset();
        logger.ExecConfirmed(fingerprint);
        return true;
    }

    /// <summary>Forgets the pasted kubeconfig; false when there was none.</summary>
    public bool RemoveUploaded()
    {
        if (!File.Exists(files.UploadedKubeconfig))
        {
            return false;
        }

        files.Delete(files.UploadedKubeconfig);
        confirmations.Forget();
        connection.Reset();
        return true;
    }

    private static K8SConfiguration Normalize(K8SConfiguration config) => new()
    {
        ApiVersion = "v1",
        Kind = "Config",
        CurrentContext = config.CurrentContext,
        Contexts = config.Contexts ?? [],
        Clusters = config.Clusters ?? [],
        Users = config.Users ?? [],
    };
}
