using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Runner;

/// <summary>
/// Cluster DNS and kube-proxy for the runner's processes. A real runner pod resolves <c>web.shop</c> through the
/// cluster's DNS to the Service's cluster IP, and kube-proxy carries the connection to an endpoint; the emulator has
/// neither — its "pods" are local processes using this machine's resolver, and a cluster IP leads nowhere here. So
/// before the process starts, each URL argument that names a Service is rewritten to where that Service is reached
/// on loopback: its node port (Docker Desktop forwards node ports to localhost), else the loopback port a test
/// registered for it (<see cref="ServiceLoopbacks"/>), else a port that refuses connections (a Service without
/// endpoints). The original authority goes along as the Host header, as the request would carry it in the cluster.
/// Only what a pod would resolve is rewritten, with the pod's search path (<c>NS.svc.cluster.local</c>,
/// <c>svc.cluster.local</c>, <c>cluster.local</c>): a Service that does not exist, or a port the Service does not
/// declare, is left as written, so the process fails to resolve or reach it as the pod would.
/// </summary>
public static class ClusterDns
{
    public const string Domain = "cluster.local";

    private static readonly string[] Schemes = ["http", "https", "grpc", "grpcs"];

    /// <summary>The container's arguments with Service URLs rewritten (see the class summary).</summary>
    /// <param name="service">Reads a stored Service by namespace and name, or null.</param>
    public static List<string> Rewrite(IReadOnlyList<string> args, string podNamespace, Func<string, string, JsonObject?> service, ServiceLoopbacks endpoints)
    {
        var rewritten = new List<string>(args.Count);
        var authorities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            if (Uri.TryCreate(arg, UriKind.Absolute, out var uri) && Schemes.Contains(uri.Scheme) && Reach(uri, podNamespace, service, endpoints) is { } reached)
            {
                authorities.Add(uri.Authority);
                rewritten.Add(reached);
            }
            else
            {
                rewritten.Add(arg);
            }
        }

        var hasHost = args.Select((a, i) => i > 0 && args[i - 1] == "--header" && a.StartsWith("host:", StringComparison.OrdinalIgnoreCase)).Any(h => h);
        // One Host header applies to every URL of the run: only add it when all rewritten URLs named the same one.
        if (authorities.Count == 1 && !hasHost)
        {
            rewritten.AddRange(["--header", "Host:" + authorities.Single()]);
        }

        return rewritten;
    }

    /// <summary>The URL on loopback, or null when the pod could not resolve its host to a Service.</summary>
    private static string? Reach(Uri uri, string podNamespace, Func<string, string, JsonObject?> service, ServiceLoopbacks endpoints)
    {
        if (Resolve(uri.IdnHost, podNamespace, service) is not { } found)
        {
            return null;
        }

        var (ns, name, svc) = found;
        if (svc.Str("spec", "type") == "ExternalName")
        {
            // The cluster's DNS answers a CNAME to the external name; the connection goes there as written.
            return svc.Str("spec", "externalName") is { Length: > 0 } external ? new UriBuilder(uri) { Host = external }.Uri.ToString() : null;
        }

        var port = uri.Port > 0 ? uri.Port : uri.Scheme is "https" or "grpcs" ? 443 : 80;
        var declared = (svc.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(p => p.Number("port") == port && (p.Str("protocol") ?? "TCP") == "TCP");
        if (declared is null)
        {
            return null;
        }

        var loopback = declared.Number("nodePort") is { } nodePort ? (int)nodePort : endpoints.Find(ns, name, port) ?? endpoints.RefusingPort;
        return new UriBuilder(uri) { Host = "127.0.0.1", Port = loopback }.Uri.ToString();
    }

    /// <summary>
    /// What the pod's resolver finds for <paramref name="host"/>: with <c>ndots:5</c>, every name with fewer than five
    /// dots is tried with each search domain first, then as written; a trailing dot means as written only.
    /// </summary>
    private static (string Namespace, string Name, JsonObject Service)? Resolve(string host, string podNamespace, Func<string, string, JsonObject?> service)
    {
        var name = host.ToLowerInvariant();
        IEnumerable<string> candidates = name.EndsWith('.')
            ? [name.TrimEnd('.')]
            : name.Count(c => c == '.') < 5
                ? [$"{name}.{podNamespace}.svc.{Domain}", $"{name}.svc.{Domain}", $"{name}.{Domain}", name]
                : [name];
        foreach (var candidate in candidates)
        {
            var labels = candidate.Split('.');
            if (labels.Length == 5 && labels[2] == "svc" && $"{labels[3]}.{labels[4]}" == Domain && service(labels[1], labels[0]) is { } found)
            {
                return (labels[1], labels[0], found);
            }
        }

        return null;
    }
}
