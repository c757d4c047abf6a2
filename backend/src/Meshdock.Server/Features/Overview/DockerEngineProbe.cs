using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Overview;

/// <summary>Asks the Docker engine on the mounted socket what it is and whether a local Kubernetes runs in it.</summary>
public sealed class DockerEngineProbe(IOptions<MeshdockOptions> options, IOptions<DockerOptions> docker)
{
    public const string KubeSystemLabel = "io.kubernetes.pod.namespace=kube-system";
    public const string KindClusterLabel = "io.x-k8s.kind.cluster";

    public async Task<DockerEngine> ProbeAsync(CancellationToken cancellationToken)
    {
        var socket = options.Value.DockerSocket;
        if (!File.Exists(socket))
        {
            return Unavailable(socket,
                $"There is no Docker engine socket at {socket}: the extension's container must mount it (/var/run/docker.sock.raw:/var/run/docker.sock), or start Meshdock with --docker-socket PATH.");
        }

        using var configuration = new DockerClientConfiguration(new Uri("unix://" + socket), defaultTimeout: docker.Value.Timeout);
        using var client = configuration.CreateClient();
        try
        {
            var version = await client.System.GetVersionAsync(cancellationToken);
            var info = await client.System.GetSystemInfoAsync(cancellationToken);
            var kubeSystem = await ListAsync(client, KubeSystemLabel, cancellationToken);
            var kindNodes = await ListAsync(client, KindClusterLabel, cancellationToken);
            var dockerDesktop = info.OperatingSystem?.Contains("Docker Desktop", StringComparison.OrdinalIgnoreCase) ?? false;
            return new DockerEngine(true, socket, version.Version, version.APIVersion, info.OperatingSystem, info.OSType,
                info.Architecture, dockerDesktop, Summarize(kubeSystem, kindNodes), null);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or SocketException or IOException
                                      || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Unavailable(socket, Explain(socket, e));
        }
    }

    public static KubernetesContainers Summarize(IList<ContainerListResponse> kubeSystem, IList<ContainerListResponse> kindNodes)
    {
        var running = kubeSystem.Count(c => c.State == "running");
        var kindRunning = kindNodes.Where(c => c.State == "running").ToList();
        var kindNames = kindNodes.Select(c => c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12]).ToList();
        var seemsRunning = running > 0 || kindRunning.Count > 0;
        var hint = (running, kubeSystem.Count, kindRunning.Count, kindNodes.Count) switch
        {
            ( > 0, _, _, _) => $"Docker Desktop's Kubernetes seems to run: {running} of its kube-system containers are running.",
            (_, _, > 0, _) => $"A kind cluster seems to run: node container(s) {string.Join(", ", kindRunning.Select(c => c.Names?.FirstOrDefault()?.TrimStart('/')))}.",
            (0, > 0, _, _) => $"Docker Desktop's Kubernetes containers exist ({kubeSystem.Count}) but none runs: Kubernetes is stopped or still starting.",
            (_, _, 0, > 0) => "kind node containers exist but none runs: the cluster is stopped.",
            _ => "No Kubernetes containers are visible. Kubernetes is probably off (Settings → Kubernetes → Enable), unless Docker Desktop hides its system containers (Settings → Kubernetes → Show system containers).",
        };
        return new KubernetesContainers(kubeSystem.Count, running, kindNames, seemsRunning, hint);
    }

    private static Task<IList<ContainerListResponse>> ListAsync(DockerClient client, string label, CancellationToken cancellationToken) =>
        client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, cancellationToken);

    private static string Explain(string socket, Exception e) => e switch
    {
        DockerApiException api => $"The Docker engine at {socket} answered {(int)api.StatusCode}: {api.ResponseBody?.Trim()}",
        OperationCanceledException => $"The Docker engine at {socket} did not answer in time: restart Docker Desktop if this persists.",
        _ when e is UnauthorizedAccessException || e.InnerException is UnauthorizedAccessException || e.Message.Contains("denied", StringComparison.OrdinalIgnoreCase) =>
            $"Meshdock may not use the Docker engine socket {socket} (permission denied).",
        _ => $"The Docker engine at {socket} cannot be reached ({e.GetType().Name}): is Docker running?",
    };

    private static DockerEngine Unavailable(string socket, string reason) =>
        new(false, socket, null, null, null, null, null, false, null, reason);
}
