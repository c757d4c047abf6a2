namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>Runs only when MESHDOCK_E2E_KUBECONFIG names a kubeconfig; otherwise xunit reports it skipped with the reason.</summary>
public sealed class RealClusterFactAttribute : FactAttribute
{
    public const string Variable = "MESHDOCK_E2E_KUBECONFIG";

    public RealClusterFactAttribute() => Skip = SkipReason(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Why the real-cluster suite cannot run with <paramref name="kubeconfig"/> as the variable's value, or null.</summary>
    public static string? SkipReason(string? kubeconfig) =>
        string.IsNullOrWhiteSpace(kubeconfig)
            ? $"{Variable} is not set: point it at the kubeconfig of a disposable cluster (for example Docker Desktop's) to run the real-cluster suite with `make e2e`."
            : !File.Exists(kubeconfig)
                ? $"{Variable} names '{kubeconfig}', which is not a file: point it at a kubeconfig."
                : null;
}
