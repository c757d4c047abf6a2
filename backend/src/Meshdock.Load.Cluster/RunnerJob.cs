using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Load;

using HttpProtocol = Meshdock.Load.HttpProtocol;

namespace Meshdock.Load.Cluster;

/// <summary>
/// The cluster runner as a Kubernetes object: an indexed <c>batch/v1</c> Job with one pod per share of the load,
/// each running <c>meshdock perf run --json-lines --shards N</c> (the pod's index comes from JOB_COMPLETION_INDEX).
/// No retries (backoffLimit 0): a pod started again would send its share twice.
/// </summary>
public static class RunnerJob
{
    public const string Container = "runner";
    public const string RunLabel = "meshdock.io/perf-run";

    /// <summary>The extension's published image, which holds the CLI; the Kubernetes emulator runs pods of it as local processes.</summary>
    public const string DefaultImage = "meshdock/meshdock-extension:latest";

    /// <summary>Where the CLI is inside the runner image (the Dockerfile publishes it there).</summary>
    public const string DefaultCliPath = "/app/cli/meshdock.dll";

    /// <summary>How long a finished Job stays for <c>kubectl logs</c> before Kubernetes removes it.</summary>
    public const int DefaultTtlSeconds = 600;

    /// <summary>A new run's id, from which its Job is named.</summary>
    public static string NewRunId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Deletes the Job and, before it goes, its pods (foreground); false when it was gone already.</summary>
    public static async Task<bool> DeleteAsync(IKubernetes client, string ns, string job)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(job, ns, propagationPolicy: "Foreground", cancellationToken: CancellationToken.None);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static string NameFor(string runId) => $"meshdock-perf-{runId[^12..].ToLowerInvariant()}";

    public static V1Job Build(string runId, string ns, string image, string cliPath, LoadSpec load, int pods, MeshInjection.PodMarks marks, int ttlSeconds)
    {
        var labels = new Dictionary<string, string> { [Ownership.Label] = Ownership.Value, [RunLabel] = runId };
        var podLabels = new Dictionary<string, string>(labels);
        foreach (var (key, value) in marks.Labels)
        {
            podLabels[key] = value;
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = NameFor(runId), NamespaceProperty = ns, Labels = labels },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = pods,
                Parallelism = pods,
                BackoffLimit = 0,
                TtlSecondsAfterFinished = ttlSeconds,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels, Annotations = new Dictionary<string, string>(marks.Annotations) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        // The CLI stops cleanly on SIGTERM and writes what it measured; a little room for that.
                        TerminationGracePeriodSeconds = 10,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Container,
                                Image = image,
                                Command = ["dotnet", cliPath],
                                Args = Arguments(load, pods),
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                                },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The CLI's arguments for the whole run; each pod takes its share by its index.</summary>
    public static List<string> Arguments(LoadSpec load, int pods)
    {
        var args = new List<string> { "perf", "run", "--json-lines", "--shards", Number(pods) };
        foreach (var url in load.Urls)
        {
            args.AddRange(["--url", url]);
        }

        if (load.Rps is { } rps)
        {
            args.AddRange(["--rps", Number(rps)]);
        }

        args.AddRange(["--connections", Number(load.Connections), "--streams", Number(load.Streams)]);
        if (load.Duration is { } duration)
        {
            args.AddRange(["--duration", Seconds(duration)]);
        }

        if (load.Requests is { } requests)
        {
            args.AddRange(["--requests", requests.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["--warmup", Seconds(load.Warmup), "--timeout", Seconds(load.Timeout), "--method", load.Method]);
        foreach (var (name, value) in load.Headers)
        {
            args.AddRange(["--header", $"{name}:{value}"]);
        }

        foreach (var (name, value) in load.Cookies)
        {
            args.AddRange(["--cookie", $"{name}={value}"]);
        }

        if (load.Body is { } body)
        {
            args.AddRange(["--body", body]);
        }

        if (load.ContentType is { } contentType)
        {
            args.AddRange(["--content-type", contentType]);
        }

        if (load.Protocol == HttpProtocol.Http2)
        {
            args.Add("--http2");
        }

        if (load.InsecureSkipVerify)
        {
            args.Add("--insecure");
        }

        if (load.Grpc?.Json is { } grpcRequest)
        {
            args.AddRange(["--grpc-request", grpcRequest]);
        }

        if (load.Grpc?.Reflection == true)
        {
            args.Add("--reflection");
        }

        return args;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
}
