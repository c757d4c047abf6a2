namespace Meshdock.Server.Cluster;

/// <summary>
/// What the helm CLI needs to reach the selected cluster: <c>helm --kubeconfig KubeconfigPath --kube-context Context</c>.
/// The file holds the selected context only, with the address that worked and its TLS server name (mode 0600).
/// </summary>
public sealed record HelmTarget(string KubeconfigPath, string Context);
