namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>Turns helm's last error line into a sentence that says what went wrong and what to do.</summary>
internal static class HelmErrors
{
    public static string ToSentence(string verb, int exitCode, string? lastError)
    {
        var error = lastError is null ? null : Trim(lastError);
        var advice = error is null ? null : Advice(error);
        var what = error is null
            ? $"helm {verb} failed with exit code {exitCode} and printed no error"
            : $"helm {verb} failed (exit code {exitCode}): {error}";
        return advice is null
            ? $"{what}. The operation log has helm's full output."
            : $"{what}. {advice}";
    }

    private static string Trim(string line)
    {
        var text = line.StartsWith("Error: ", StringComparison.Ordinal) ? line["Error: ".Length..] : line;
        return text.TrimEnd('.');
    }

    private static string? Advice(string error)
    {
        var e = error.ToLowerInvariant();
        if (e.Contains("cluster unreachable") || e.Contains("connection refused") || e.Contains("no such host"))
        {
            return "Helm could not reach the Kubernetes API: check that Kubernetes is running (Docker Desktop → Settings → Kubernetes) and that Meshdock's cluster connection works.";
        }
        if (e.Contains("cannot re-use a name that is still in use"))
        {
            return "A release with this name already exists: uninstall it first, or upgrade instead of installing.";
        }
        if ((e.Contains("path") && e.Contains("not found")) || e.Contains("no such file or directory"))
        {
            return "The chart does not exist at that path: check the catalog override.";
        }
        if ((e.Contains("not found in") && e.Contains("repository")) || e.Contains("failed to fetch") || e.Contains("404"))
        {
            return "Helm could not download the chart: check the version exists in the chart repository and that the machine can reach it.";
        }
        if (e.Contains("timed out") || e.Contains("deadline exceeded"))
        {
            return "Kubernetes did not finish in time: look at the pod events in the log, then retry.";
        }
        if (e.Contains("forbidden") || e.Contains("unauthorized"))
        {
            return "The cluster refused helm's request: the kubeconfig's user needs cluster-admin rights to install a mesh.";
        }
        if (e.Contains("release: not found"))
        {
            return "There is no such release to act on: it may have been removed already.";
        }
        return null;
    }
}
