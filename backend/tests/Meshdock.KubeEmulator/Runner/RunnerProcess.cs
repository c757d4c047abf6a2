using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Runner;

/// <summary>
/// Runs the container of a pod whose image is Meshdock's runner image (<see cref="KubeEmulatorOptions.RunnerImages"/>)
/// the way a kubelet would run it, but as a local process: Meshdock's CLI (<see cref="KubeEmulatorOptions.RunnerCli"/>)
/// with the container's <c>args</c> and environment (plain values and the pod fields the downward API offers), its
/// standard output kept as the pod's log. URLs naming the cluster's Services are rewritten to loopback
/// (<see cref="ClusterDns"/>: the emulator has no cluster DNS). Deleting the pod sends SIGTERM, then SIGKILL after the grace period.
/// </summary>
public static partial class RunnerProcess
{
    public static bool IsRunner(KubeEmulatorOptions options, JsonObject pod) =>
        (pod.At("spec", "containers") as JsonArray)?.FirstOrDefault() is { } container && container.Str("image") is { } image
        && options.RunnerImages.Any(r => image == r || image.StartsWith(r + ":", StringComparison.Ordinal) || image.StartsWith(r + "@", StringComparison.Ordinal));

    /// <summary>Runs the pod's first container to its end; returns its exit code.</summary>
    /// <param name="gone">Whether the pod has been deleted (or replaced) since; checked while the process runs.</param>
    /// <param name="service">Reads a stored Service by namespace and name, or null: what the pod's URLs may name (<see cref="ClusterDns"/>).</param>
    /// <param name="endpoints">Where Services without a node port are reached on loopback.</param>
    public static async Task<int> RunAsync(
        KubeEmulatorOptions options, JsonObject pod, PodLog log, Func<bool> gone, Func<string, string, JsonObject?> service, ServiceLoopbacks endpoints, CancellationToken ct)
    {
        var container = (JsonObject)((JsonArray)pod.At("spec", "containers")!)[0]!;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(options.RunnerCli);
        var args = (container["args"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").ToList();
        foreach (var arg in ClusterDns.Rewrite(args, pod.Namespace() ?? "default", service, endpoints))
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var env in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (env.Str("name") is { } name && (env.Str("value") ?? FieldValue(pod, env.Str("valueFrom", "fieldRef", "fieldPath"))) is { } value)
            {
                info.Environment[name] = value;
            }
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        // A container's log holds its standard output and standard error, interleaved as written.
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, log), PumpAsync(process.StandardError, log));
        var terminated = false;
        try
        {
            while (!process.HasExited)
            {
                await Task.WhenAny(process.WaitForExitAsync(ct), Task.Delay(100, ct));
                if (!terminated && gone())
                {
                    terminated = true;
                    _ = Kill(process.Id, SigTerm);
                    _ = KillAfterAsync(process, options.TerminationDelay);
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await pumps;
        log.End();
        return process.ExitCode;
    }

    /// <summary>The downward API's pod fields, as the kubelet resolves them.</summary>
    private static string? FieldValue(JsonObject pod, string? path) => path switch
    {
        null => null,
        "metadata.name" => pod.Name(),
        "metadata.namespace" => pod.Namespace(),
        "metadata.uid" => pod.Uid(),
        "spec.nodeName" => pod.Str("spec", "nodeName"),
        "status.podIP" => pod.Str("status", "podIP"),
        _ when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => pod.Str("metadata", "annotations", path[22..^2]),
        _ when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => pod.Str("metadata", "labels", path[17..^2]),
        _ => null,
    };

    private static async Task PumpAsync(StreamReader reader, PodLog log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            log.Append(line);
        }
    }

    private static async Task KillAfterAsync(Process process, TimeSpan grace)
    {
        await Task.Delay(grace + TimeSpan.FromSeconds(2));
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
