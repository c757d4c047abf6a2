using k8s;
using k8s.KubeConfigModels;
using Meshdock.Load.Yaml;
using YamlDotNet.Core;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// Parses and checks kubeconfig text. Problems are sentences that name the context/cluster/user at fault and never
/// quote the document, because it holds credentials.
/// </summary>
public static class KubeconfigParser
{
    /// <summary>Parses YAML (or JSON) kubeconfig text; throws <see cref="InvalidKubeconfigException"/> with a sentence.</summary>
    public static K8SConfiguration Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidKubeconfigException("The kubeconfig is empty: paste the whole file (for Docker Desktop, `kubectl config view --raw --minify --context docker-desktop`).");
        }

        K8SConfiguration? config;
        try
        {
            SafeYaml.Check(text);
            config = KubernetesYaml.Deserialize<K8SConfiguration>(text);
        }
        catch (YamlLimitException e)
        {
            throw new InvalidKubeconfigException(e.Message);
        }
        catch (YamlException e)
        {
            // Only the position: YamlDotNet's inner messages can quote the offending scalar, which may be a secret.
            throw new InvalidKubeconfigException(
                $"The kubeconfig is not valid YAML or is not shaped like a kubeconfig (near line {e.Start.Line}, column {e.Start.Column}): paste the file exactly as `kubectl config view --raw` prints it.");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidKubeconfigException("The kubeconfig is not valid YAML: paste the file exactly as `kubectl config view --raw` prints it.");
        }

        if (config is null)
        {
            throw new InvalidKubeconfigException("The kubeconfig is empty: paste the whole file.");
        }

        if (config.Kind is { } kind && !string.Equals(kind, "Config", StringComparison.Ordinal))
        {
            throw new InvalidKubeconfigException($"This document is a Kubernetes '{kind}', not a kubeconfig (kind: Config).");
        }

        return config;
    }

    /// <summary>Each context with what is wrong with it (null when its cluster and user exist and the server is an http(s) URL).</summary>
    public static IReadOnlyList<(string Context, string? Problem)> CheckContexts(K8SConfiguration config)
    {
        var clusters = (config.Clusters ?? []).Where(c => c.Name is not null).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var users = (config.Users ?? []).Where(u => u.Name is not null).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<(string, string?)>();
        foreach (var context in config.Contexts ?? [])
        {
            if (string.IsNullOrEmpty(context.Name))
            {
                continue;
            }

            var details = context.ContextDetails;
            string? problem = null;
            if (details?.Cluster is not { Length: > 0 } clusterName || !clusters.Contains(clusterName))
            {
                problem = $"Context '{context.Name}' names cluster '{details?.Cluster}', which is not in the kubeconfig.";
            }
            else if (details.User is not { Length: > 0 } userName || !users.Contains(userName))
            {
                problem = $"Context '{context.Name}' names user '{details.User}', which is not in the kubeconfig.";
            }
            else
            {
                var server = config.Clusters!.First(c => c.Name == clusterName).ClusterEndpoint?.Server;
                if (!TryParseServer(server, out _))
                {
                    problem = $"Cluster '{clusterName}' of context '{context.Name}' has no valid server address (an https:// URL is expected).";
                }
            }

            result.Add((context.Name, problem));
        }

        return result;
    }

    /// <summary>Throws unless at least one context is usable; returns the per-context check for the caller to report.</summary>
    public static IReadOnlyList<(string Context, string? Problem)> Validate(K8SConfiguration config)
    {
        var contexts = CheckContexts(config);
        if (contexts.Count == 0)
        {
            throw new InvalidKubeconfigException("The kubeconfig has no contexts: it needs at least one context that names a cluster and a user.");
        }

        if (contexts.All(c => c.Problem is not null))
        {
            throw new InvalidKubeconfigException("No context of the kubeconfig is usable: " + string.Join(" ", contexts.Select(c => c.Problem)));
        }

        return contexts;
    }

    public static bool TryParseServer(string? server, out Uri uri)
    {
        if (Uri.TryCreate(server, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }
}

/// <summary>A kubeconfig that cannot be used; the message is a sentence for the user and quotes no content.</summary>
public sealed class InvalidKubeconfigException(string sentence) : Exception(sentence);
