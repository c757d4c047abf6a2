using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Namespaces;

/// <summary>Namespaces and their mesh membership: listing, joining and leaving by label/annotation patches, and restarting deployments.</summary>
public sealed class NamespaceMembership(ClusterConnection connection, IEnumerable<IMeshMembershipRules> ruleSources) : INamespaceMeshes
{
    /// <summary>The annotation <c>kubectl rollout restart</c> sets; changing it rolls every pod of a deployment.</summary>
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    public IReadOnlyList<NamespaceJoinRule> Rules => ruleSources.SelectMany(r => r.Rules).ToList();

    /// <summary>Kubernetes' own namespaces: putting them in a mesh breaks the cluster, so they are never joined.</summary>
    public static bool IsSystem(string name) => name.StartsWith("kube-", StringComparison.Ordinal);

    /// <summary>The rules a namespace satisfies: every label and annotation of the rule present with its value.</summary>
    public static IReadOnlyList<NamespaceJoinRule> MembershipOf(
        IEnumerable<NamespaceJoinRule> rules, IDictionary<string, string>? labels, IDictionary<string, string>? annotations) =>
        rules.Where(rule => Satisfies(rule.Labels, labels) && Satisfies(rule.Annotations, annotations)).ToList();

    public IReadOnlyList<MeshMembership> MeshesOf(IDictionary<string, string>? labels, IDictionary<string, string>? annotations) =>
        MembershipOf(Rules, labels, annotations).Select(r => new MeshMembership(r.MeshId, r.MeshName)).ToList();

    public async Task<NamespaceList> ListAsync(CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken);
        var deployments = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken);
        var perNamespace = deployments.Items.GroupBy(d => d.Metadata.NamespaceProperty).ToDictionary(g => g.Key, g => g.Count());
        var rules = Rules;
        var summaries = namespaces.Items
            .OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .Select(n => new NamespaceSummary(
                n.Metadata.Name,
                n.Status?.Phase,
                IsSystem(n.Metadata.Name),
                MembershipOf(rules, n.Metadata.Labels, n.Metadata.Annotations).Select(r => new MeshMembership(r.MeshId, r.MeshName)).ToList(),
                perNamespace.GetValueOrDefault(n.Metadata.Name),
                n.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null))
            .ToList();
        return new NamespaceList(summaries, rules.Select(r => new MeshMembership(r.MeshId, r.MeshName)).ToList());
    }

    /// <summary>Checks a join before it is started; the refusal says what to do.</summary>
    public async Task<MembershipDecision> CheckJoinAsync(string name, string? meshId, CancellationToken cancellationToken)
    {
        var rules = Rules;
        if (string.IsNullOrWhiteSpace(meshId))
        {
            return MembershipDecision.Invalid($"The field 'mesh' is required: one of {Describe(rules)}.");
        }

        var rule = rules.FirstOrDefault(r => r.MeshId == meshId);
        if (rule is null)
        {
            return MembershipDecision.Invalid($"'{meshId}' is not a mesh a namespace can join: use one of {Describe(rules)}.");
        }

        if (IsSystem(name))
        {
            return MembershipDecision.Invalid($"'{name}' is one of Kubernetes' own namespaces; putting it in a mesh would break the cluster. Join an application namespace instead.");
        }

        var ns = await ReadAsync(name, cancellationToken);
        if (ns is null)
        {
            return MembershipDecision.Missing($"There is no namespace '{name}' on the cluster: create it first (a sample app deployment creates its namespace).");
        }

        var current = MembershipOf(rules, ns.Metadata.Labels, ns.Metadata.Annotations);
        if (current.Any(r => r.MeshId == meshId))
        {
            return MembershipDecision.Conflict($"Namespace '{name}' has already joined {rule.MeshName}.");
        }

        if (current.Count > 0)
        {
            var other = current[0];
            return MembershipDecision.Conflict(
                $"Namespace '{name}' is in {other.MeshName}; leave it first: two meshes injecting proxies into the same pods break them.");
        }

        return MembershipDecision.Allowed(rule);
    }

    /// <summary>Checks a leave before it is started.</summary>
    public async Task<MembershipDecision> CheckLeaveAsync(string name, string meshId, CancellationToken cancellationToken)
    {
        var rules = Rules;
        var rule = rules.FirstOrDefault(r => r.MeshId == meshId);
        if (rule is null)
        {
            return MembershipDecision.Invalid($"'{meshId}' is not a mesh a namespace can join or leave: use one of {Describe(rules)}.");
        }

        var ns = await ReadAsync(name, cancellationToken);
        if (ns is null)
        {
            return MembershipDecision.Missing($"There is no namespace '{name}' on the cluster.");
        }

        return MembershipOf([rule], ns.Metadata.Labels, ns.Metadata.Annotations).Count == 0
            ? MembershipDecision.Conflict($"Namespace '{name}' is not in {rule.MeshName}, so there is nothing to leave.")
            : MembershipDecision.Allowed(rule);
    }

    /// <summary>Sets the rule's labels and annotations on the namespace (a JSON merge patch: other metadata is untouched).</summary>
    public async Task JoinAsync(string name, NamespaceJoinRule rule, CancellationToken cancellationToken) =>
        await PatchMetadataAsync(name, rule, join: true, cancellationToken);

    /// <summary>Removes the rule's labels and annotations from the namespace.</summary>
    public async Task LeaveAsync(string name, NamespaceJoinRule rule, CancellationToken cancellationToken) =>
        await PatchMetadataAsync(name, rule, join: false, cancellationToken);

    /// <summary>Lists the namespace's deployments (so a restart can say what it will roll).</summary>
    public async Task<IReadOnlyList<string>> ListDeploymentsAsync(string name, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(name, cancellationToken: cancellationToken);
        return list.Items.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>What <c>kubectl rollout restart</c> does: a new pod-template annotation, so every pod is replaced (and injected).</summary>
    public async Task RestartDeploymentAsync(string ns, string deployment, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var patch = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["spec"] = new { template = new { metadata = new { annotations = new Dictionary<string, string>
            {
                [RestartedAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            } } } },
        });
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), deployment, ns, cancellationToken: cancellationToken);
    }

    /// <summary>Whether a deployment has rolled out completely, as <c>kubectl rollout status</c> decides it.</summary>
    public static bool RolledOut(V1Deployment deployment)
    {
        var desired = deployment.Spec?.Replicas ?? 1;
        var status = deployment.Status;
        return status is not null
               && (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
               && (status.UpdatedReplicas ?? 0) >= desired
               && (status.Replicas ?? 0) <= (status.UpdatedReplicas ?? 0)
               && (status.AvailableReplicas ?? 0) >= desired;
    }

    /// <summary>
    /// Waits until the named deployments have rolled out, reporting each change. Watches the namespace's deployments,
    /// re-listing when the watch ends, so no change between list and watch is missed.
    /// </summary>
    public async Task WaitForRolloutsAsync(
        string ns, IReadOnlyCollection<string> names, Func<int, IReadOnlyList<string>, Task> onProgress, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var list = await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken);
            if (await UpdateAsync(list.Items))
            {
                return;
            }

            await foreach (var (_, deployment) in client.AppsV1.WatchListNamespacedDeploymentAsync(
                               ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancellationToken))
            {
                if (await UpdateAsync([deployment]))
                {
                    return;
                }
            }
        }

        async Task<bool> UpdateAsync(IEnumerable<V1Deployment> deployments)
        {
            var before = done.Count;
            foreach (var deployment in deployments.Where(d => names.Contains(d.Metadata.Name)))
            {
                if (RolledOut(deployment))
                {
                    done.Add(deployment.Metadata.Name);
                }
                else
                {
                    done.Remove(deployment.Metadata.Name);
                }
            }

            if (done.Count != before)
            {
                await onProgress(done.Count, names.Where(n => !done.Contains(n)).ToList());
            }

            return done.Count == names.Count;
        }
    }

    private async Task PatchMetadataAsync(string name, NamespaceJoinRule rule, bool join, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        // JSON merge patch: a null value removes the key, which is how leaving takes the label/annotation off.
        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                labels = rule.Labels.ToDictionary(kv => kv.Key, kv => join ? kv.Value : null),
                annotations = rule.Annotations.ToDictionary(kv => kv.Key, kv => join ? kv.Value : null),
            },
        });
        await client.CoreV1.PatchNamespaceAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken);
    }

    private async Task<V1Namespace?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        try
        {
            return await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool Satisfies(IReadOnlyDictionary<string, string> wanted, IDictionary<string, string>? actual) =>
        wanted.All(kv => actual is not null && actual.TryGetValue(kv.Key, out var value) && value == kv.Value);

    private static string Describe(IReadOnlyList<NamespaceJoinRule> rules) =>
        rules.Count == 0 ? "none (no mesh catalog is loaded)" : string.Join(", ", rules.Select(r => r.MeshId));
}

/// <summary>Whether a join/leave may start: the rule to apply, or a refusal (400 invalid, 404 missing, 409 conflict) with its sentence.</summary>
public sealed record MembershipDecision(NamespaceJoinRule? Rule, MembershipRefusal? Refusal, string? Sentence)
{
    public static MembershipDecision Allowed(NamespaceJoinRule rule) => new(rule, null, null);

    public static MembershipDecision Invalid(string sentence) => new(null, MembershipRefusal.Invalid, sentence);

    public static MembershipDecision Missing(string sentence) => new(null, MembershipRefusal.Missing, sentence);

    public static MembershipDecision Conflict(string sentence) => new(null, MembershipRefusal.Conflict, sentence);
}

public enum MembershipRefusal
{
    Invalid,
    Missing,
    Conflict,
}
