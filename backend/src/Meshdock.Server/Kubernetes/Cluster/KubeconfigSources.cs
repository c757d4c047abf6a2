using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Microsoft.Extensions.Options;

using KubeCluster = k8s.KubeConfigModels.Cluster;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>The kubeconfig files Meshdock reads, merged the way kubectl merges <c>KUBECONFIG</c>: the first file to name a context, cluster or user wins.</summary>
public sealed record LoadedKubeconfig(
    K8SConfiguration Merged,
    IReadOnlyDictionary<string, string> ContextSource,
    IReadOnlyList<string> Searched,
    IReadOnlyList<string> Problems);

/// <summary>
/// Finds and loads kubeconfigs: the uploaded one first (the user chose it explicitly), then <c>Cluster:Kubeconfig</c>,
/// else <c>KUBECONFIG</c>, else <c>~/.kube/config</c> (mounted from the host in the container). Read on every call so a
/// kubeconfig that appears later (Kubernetes just enabled) is picked up without a restart.
/// </summary>
public sealed class KubeconfigSources(IOptions<ClusterOptions> options, ClusterFiles files)
{
    public const string UploadedSource = "uploaded";

    public IReadOnlyList<string> Paths()
    {
        var configured = options.Value.Kubeconfig;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Environment.GetEnvironmentVariable("KUBECONFIG");
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        }

        return configured.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<LoadedKubeconfig> LoadAsync(CancellationToken cancellationToken)
    {
        var merged = new K8SConfiguration { ApiVersion = "v1", Kind = "Config" };
        var contexts = new List<Context>();
        var clusters = new List<KubeCluster>();
        var users = new List<User>();
        var contextSource = new Dictionary<string, string>(StringComparer.Ordinal);
        var searched = new List<string>();
        var problems = new List<string>();

        var sources = new List<(string Path, string Label)>();
        if (File.Exists(files.UploadedKubeconfig))
        {
            sources.Add((files.UploadedKubeconfig, UploadedSource));
        }

        sources.AddRange(Paths().Select(p => (p, p)));
        foreach (var (path, label) in sources)
        {
            searched.Add(label);
            if (!File.Exists(path))
            {
                continue;
            }

            K8SConfiguration config;
            try
            {
                config = KubeconfigParser.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            }
            catch (InvalidKubeconfigException e)
            {
                problems.Add($"{label}: {e.Message}");
                continue;
            }
            catch (IOException e)
            {
                problems.Add($"{label} cannot be read ({e.GetType().Name}): check that the file is readable by Meshdock.");
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                problems.Add($"{label} cannot be read (permission denied): check that the file is readable by Meshdock.");
                continue;
            }

            var folder = Path.GetDirectoryName(path)!;
            merged.CurrentContext ??= string.IsNullOrEmpty(config.CurrentContext) ? null : config.CurrentContext;
            foreach (var context in config.Contexts ?? [])
            {
                if (!string.IsNullOrEmpty(context.Name) && contextSource.TryAdd(context.Name, label))
                {
                    contexts.Add(context);
                }
            }

            foreach (var cluster in config.Clusters ?? [])
            {
                if (!string.IsNullOrEmpty(cluster.Name) && clusters.All(c => c.Name != cluster.Name))
                {
                    if (cluster.ClusterEndpoint is { } endpoint)
                    {
                        endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority, folder);
                    }

                    clusters.Add(cluster);
                }
            }

            foreach (var user in config.Users ?? [])
            {
                if (!string.IsNullOrEmpty(user.Name) && users.All(u => u.Name != user.Name))
                {
                    if (user.UserCredentials is { } credentials)
                    {
                        credentials.ClientCertificate = Absolute(credentials.ClientCertificate, folder);
                        credentials.ClientKey = Absolute(credentials.ClientKey, folder);
                    }

                    users.Add(user);
                }
            }
        }

        merged.Contexts = contexts;
        merged.Clusters = clusters;
        merged.Users = users;
        return new LoadedKubeconfig(merged, contextSource, searched, problems);
    }

    // Relative certificate paths are relative to the kubeconfig that names them (kubectl's rule).
    private static string? Absolute(string? path, string folder) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));
}
