using System.Diagnostics;
using System.Text.Json;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>
/// Runs the helm CLI: arguments as a list (never a shell string), the cluster from an effective kubeconfig, every
/// output line handed to the caller as it comes, cancellation by killing helm's process tree.
/// </summary>
public sealed partial class HelmRunner(IOptions<HelmOptions> options, ILogger<HelmRunner> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _majorVersions = new(StringComparer.Ordinal);

    /// <summary>The helm binary to run, or null when there is none.</summary>
    public string? FindBinary()
    {
        var configured = options.Value.Path;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var name = OperatingSystem.IsWindows() ? "helm.exe" : "helm";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>A sentence saying helm is missing and how to fix it.</summary>
    public string MissingSentence() => string.IsNullOrWhiteSpace(options.Value.Path)
        ? "The helm CLI is not on the PATH: install helm (https://helm.sh/docs/intro/install/) or set Helm:Path to its location."
        : $"The helm CLI was not found at '{options.Value.Path}' (Helm:Path): fix the path or install helm there.";

    /// <summary>
    /// Runs helm and returns its standard output; throws <see cref="HelmFailedException"/> with a sentence when it
    /// exits non-zero, <see cref="HelmMissingException"/> when there is no helm, and
    /// <see cref="OperationCanceledException"/> after killing helm when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<string> RunAsync(
        IReadOnlyList<string> arguments,
        HelmTarget? cluster,
        Func<HelmOutputLine, Task>? onLine,
        CancellationToken cancellationToken)
    {
        var binary = FindBinary() ?? throw new HelmMissingException(MissingSentence());
        var startInfo = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        if (cluster is not null)
        {
            startInfo.ArgumentList.Add("--kubeconfig");
            startInfo.ArgumentList.Add(cluster.KubeconfigPath);
            if (!string.IsNullOrEmpty(cluster.Context))
            {
                startInfo.ArgumentList.Add("--kube-context");
                startInfo.ArgumentList.Add(cluster.Context);
            }
        }
        // Helm reads KUBECONFIG when --kubeconfig is absent; never let the server's own environment leak in.
        startInfo.Environment.Remove("KUBECONFIG");
        if (options.Value.Home is { Length: > 0 } home)
        {
            startInfo.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
            startInfo.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
            startInfo.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        }

        var verb = arguments.Count > 0 ? arguments[0] : "helm";
        LogRunning(verb);
        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();

        var stdout = new System.Text.StringBuilder();
        string? lastError = null;
        // One callback at a time: operation events must keep helm's order.
        var gate = new SemaphoreSlim(1, 1);
        async Task Pump(StreamReader reader, bool isError)
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (isError && line.Trim().Length > 0)
                {
                    lastError = line.Trim();
                }
                if (!isError)
                {
                    stdout.AppendLine(line);
                }
                if (onLine is null || line.Length == 0)
                {
                    continue;
                }
                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    await onLine(new HelmOutputLine(isError, line));
                }
                finally
                {
                    gate.Release();
                }
            }
        }

        var pumps = Task.WhenAll(Pump(process.StandardOutput, false), Pump(process.StandardError, true));
        await using (cancellationToken.Register(() => Kill(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
            await pumps;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new HelmFailedException(HelmErrors.ToSentence(verb, process.ExitCode, lastError), process.ExitCode);
        }
        return stdout.ToString();
    }

    /// <summary>Every release on the cluster in any status, or those whose labels match <paramref name="selector"/>.</summary>
    public async Task<IReadOnlyList<HelmRelease>> ListReleasesAsync(HelmTarget cluster, CancellationToken cancellationToken, string? selector = null)
    {
        List<string> args = ["list", "--all-namespaces", "--output", "json"];
        // Helm 4 lists every status and has no --all; Helm 3 (a user's own helm on the PATH in standalone mode) shows
        // only deployed and failed releases without it, so an install still running would look like none at all.
        if (await MajorVersionAsync(cancellationToken) == 3)
        {
            args.Add("--all");
        }
        if (selector is not null)
        {
            args.AddRange(["--selector", selector]);
        }
        var json = await RunAsync(args, cluster, null, cancellationToken);
        return JsonSerializer.Deserialize<List<HelmRelease>>(json.Trim() is { Length: > 0 } text ? text : "[]") ?? [];
    }

    /// <summary>helm's major version (3 or 4), asked once per binary.</summary>
    public async Task<int> MajorVersionAsync(CancellationToken cancellationToken)
    {
        var binary = FindBinary() ?? throw new HelmMissingException(MissingSentence());
        if (_majorVersions.TryGetValue(binary, out var known))
        {
            return known;
        }
        var version = (await RunAsync(["version", "--template", "{{.Version}}"], null, null, cancellationToken)).Trim();
        var major = version.Length > 1 && int.TryParse(version[1..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 4;
        _majorVersions[binary] = major;
        return major;
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            LogKillFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Running helm {Verb}")]
    private partial void LogRunning(string verb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop helm")]
    private partial void LogKillFailed(Exception exception);
}
