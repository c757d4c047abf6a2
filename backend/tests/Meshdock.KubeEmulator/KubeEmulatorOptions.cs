namespace Meshdock.KubeEmulator;

/// <summary>How the emulated cluster looks and behaves.</summary>
public sealed class KubeEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>How long a new pod takes from Pending to Ready (it passes ContainerCreating and Running on the way).</summary>
    public TimeSpan PodReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a deleted pod stays Terminating (its grace period, shortened) and a deleted namespace waits before
    /// its content goes. Zero deletes at once.
    /// </summary>
    public TimeSpan TerminationDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The version /version reports. kubectl from the Google Cloud SDK picks its kubectl.1.NN by it.</summary>
    public string KubernetesVersion { get; set; } = "v1.32.2";

    public string NodeName { get; set; } = "docker-desktop";

    /// <summary>The node's CPU capacity (and allocatable), as a Kubernetes quantity.</summary>
    public string NodeCpu { get; set; } = "8";

    /// <summary>The node's memory capacity (allocatable is the same), as a Kubernetes quantity.</summary>
    public string NodeMemory { get; set; } = "8032760Ki";

    /// <summary>Images (with or without tag) whose pods end in ImagePullBackOff.</summary>
    public IList<string> FailingImages { get; } = [];

    /// <summary>Pod name prefixes whose pods end in ImagePullBackOff.</summary>
    public IList<string> FailingPodPrefixes { get; } = [];

    /// <summary>Images (with or without tag) whose containers crash after starting (CrashLoopBackOff, restarts counting up).</summary>
    public IList<string> CrashingImages { get; } = [];

    /// <summary>Pod name prefixes whose first container crashes after starting.</summary>
    public IList<string> CrashingPodPrefixes { get; } = [];

    /// <summary>
    /// Images (with or without tag) that are Meshdock's own runner: pods of them really run, as Meshdock's CLI started
    /// locally with the container's args, and their output is the pod's log. Meshdock's default runner image is one.
    /// </summary>
    public IList<string> RunnerImages { get; } = ["meshdock/meshdock-extension"];

    /// <summary>The CLI those pods run (<c>meshdock.dll</c>, built beside the emulator).</summary>
    public string RunnerCli { get; set; } = Path.Combine(AppContext.BaseDirectory, "meshdock.dll");

    /// <summary>
    /// A bearer token clients must send (the kubeconfig carries it); null accepts any request. client-go (kubectl,
    /// helm) never sends a token over plain HTTP, so only KubernetesClient-based tests can use it.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Serve the metrics API (<c>metrics.k8s.io/v1beta1</c> node and pod usage, for <c>kubectl top</c>), as when
    /// metrics-server is installed. Off by default, like a fresh Docker Desktop cluster.
    /// </summary>
    public bool MetricsApi { get; set; }

    /// <summary>
    /// Serve HTTPS with a self-signed certificate made at start (see <see cref="Hosting.ServingCertificate"/>), as
    /// Docker Desktop does; the kubeconfig then carries it as the CA. Needed for kubectl and helm to send a token.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>Log every request (method, path, status) to the console, for finding out what a client does.</summary>
    public bool LogRequests { get; set; }
}
