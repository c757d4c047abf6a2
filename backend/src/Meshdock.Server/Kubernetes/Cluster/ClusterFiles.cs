using System.Text;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// The cluster feature's files in the data folder. Everything here may hold credentials, so files are created with
/// mode 0600 (the folder 0700) and replaced atomically: a reader never sees half a kubeconfig.
/// </summary>
public sealed class ClusterFiles(string dataFolder)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Folder { get; } = Path.Combine(dataFolder, "cluster");

    /// <summary>The kubeconfig the user pasted or uploaded.</summary>
    public string UploadedKubeconfig => Path.Combine(Folder, "uploaded-kubeconfig.yaml");

    /// <summary>The exec credential plugins of the pasted kubeconfig that the user confirmed (fingerprints).</summary>
    public string ExecConfirmations => Path.Combine(Folder, "uploaded-exec-confirmations");

    /// <summary>The selected context only, with the address that worked: what helm is given.</summary>
    public string EffectiveKubeconfig => Path.Combine(Folder, "effective-kubeconfig.yaml");

    /// <summary>The context the user selected, so the choice survives restarts.</summary>
    public string SelectedContext => Path.Combine(Folder, "selected-context");

    public async Task WriteSecretAsync(string path, string text, CancellationToken cancellationToken)
    {
        EnsureFolder();
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<string?> ReadAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;

    public void Delete(string path) => File.Delete(path);

    private void EnsureFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
