namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// Which exec credential plugins of the pasted kubeconfig the user has confirmed in the panel, by
/// <see cref="ExecPlugin.Fingerprint"/>. A pasted kubeconfig can come from anywhere, and running its plugin runs a
/// program on this machine, so nothing runs until the user has seen the exact command. Stored next to the pasted
/// kubeconfig and forgotten with it: pasting again asks again.
/// </summary>
public sealed class ExecConfirmations(ClusterFiles files)
{
    public async Task<bool> IsConfirmedAsync(string fingerprint, CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken)).Contains(fingerprint);

    public async Task ConfirmAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var confirmed = await ReadAsync(cancellationToken);
        if (confirmed.Add(fingerprint))
        {
            await files.WriteSecretAsync(files.ExecConfirmations, string.Join('\n', confirmed) + "\n", cancellationToken);
        }
    }

    /// <summary>
    /// True when the pasted kubeconfig defines this user. Merged kubeconfigs take the first definition of a name, and
    /// the pasted one comes first, so a context of the user's own file can end up with the pasted file's user.
    /// </summary>
    public async Task<bool> IsUploadedUserAsync(string userName, CancellationToken cancellationToken)
    {
        var text = await files.ReadAsync(files.UploadedKubeconfig, cancellationToken);
        try
        {
            return text is not null && (KubeconfigParser.Parse(text).Users ?? []).Any(u => u.Name == userName);
        }
        catch (InvalidKubeconfigException)
        {
            return false; // unreadable, so none of its users was merged
        }
    }

    public void Forget()
    {
        if (File.Exists(files.ExecConfirmations))
        {
            files.Delete(files.ExecConfirmations);
        }
    }

    private async Task<HashSet<string>> ReadAsync(CancellationToken cancellationToken) =>
        [.. ((await files.ReadAsync(files.ExecConfirmations, cancellationToken)) ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
