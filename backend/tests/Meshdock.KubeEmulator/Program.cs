using System.Globalization;
using Meshdock.KubeEmulator;

// Process mode: serve the emulator until Ctrl+C so that kubectl, helm or Meshdock in a browser can be pointed at it.
var options = new KubeEmulatorOptions { Port = 6443 };
string? kubeconfig = null;
var context = "emulator";
List<(string Label, string Value, string Container, string Image)> injections = [];
List<int> reservedNodePorts = [];
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--kubeconfig": kubeconfig = Value(); break;
            case "--context": context = Value(); break;
            case "--ready-delay": options.PodReadyDelay = TimeSpan.FromMilliseconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
            case "--fail-image": options.FailingImages.Add(Value()); break;
            case "--fail-pod-prefix": options.FailingPodPrefixes.Add(Value()); break;
            case "--crash-image": options.CrashingImages.Add(Value()); break;
            case "--crash-pod-prefix": options.CrashingPodPrefixes.Add(Value()); break;
            case "--node-cpu": options.NodeCpu = Value(); break;
            case "--node-memory": options.NodeMemory = Value(); break;
            case "--kubernetes-version": options.KubernetesVersion = Value(); break;
            case "--log-requests": options.LogRequests = true; break;
            case "--tls": options.UseTls = true; break;
            case "--metrics-api": options.MetricsApi = true; break;
            case "--inject": injections.Add(Injection(Value())); break;
            case "--reserve-node-port": reservedNodePorts.Add(int.Parse(Value(), CultureInfo.InvariantCulture)); break;
            case "--token": options.Token = Value(); break;
            case "--help" or "-h":
                Console.WriteLine("""
                    Meshdock Kubernetes API emulator
                      --port N                 TCP port on 127.0.0.1 (default 6443, 0 = any free port)
                      --kubeconfig PATH        write a kubeconfig for the emulator to PATH
                      --context NAME           context name in that kubeconfig (default emulator)
                      --ready-delay MS         milliseconds from pod creation to Ready (default 1000)
                      --fail-image IMAGE       pods using IMAGE end in ImagePullBackOff (repeatable)
                      --fail-pod-prefix P      pods whose name starts with P end in ImagePullBackOff (repeatable)
                      --crash-image IMAGE      containers of IMAGE crash after starting: CrashLoopBackOff (repeatable)
                      --crash-pod-prefix P     pods whose name starts with P crash after starting (repeatable)
                      --node-cpu Q             node CPU capacity, e.g. 8 (default 8)
                      --node-memory Q          node memory capacity, e.g. 8Gi (default 8032760Ki)
                      --kubernetes-version V   version /version reports (default v1.32.2)
                      --metrics-api            serve metrics.k8s.io (kubectl top), as if metrics-server were installed
                      --inject L=V:C=IMAGE     pods in namespaces labelled L=V get a container C running IMAGE,
                                               as a mesh's injection webhook adds its proxy (repeatable)
                      --reserve-node-port N    the next Service without a fixed node port gets N (repeatable, in order),
                                               so a loopback server on N stands where localhost:N leads
                      --tls                    serve HTTPS with a self-signed certificate (the kubeconfig trusts it)
                      --token T                require the bearer token T (kubectl and helm send it over HTTPS only)
                      --log-requests           print every request
                    """);
                return 0;
            default: throw new ArgumentException($"unknown option {args[i]} (see --help)");
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"emulator: {e.Message}");
    return 2;
}

await using var emulator = await KubeEmulator.StartAsync(options);
foreach (var (label, value, container, image) in injections)
{
    emulator.Cluster.Injection.Inject(label, value, container, image);
}
emulator.Cluster.Defaulter.ReserveNodePorts([.. reservedNodePorts]);
Console.WriteLine($"Kubernetes API emulator listening on {emulator.BaseUrl}");
if (kubeconfig is not null)
{
    var path = emulator.WriteKubeconfig(kubeconfig, context);
    Console.WriteLine($"Kubeconfig written to {path} (context \"{context}\")");
    Console.WriteLine($"  kubectl --kubeconfig {path} get nodes");
    Console.WriteLine($"  helm --kubeconfig {path} list -A");
}
Console.WriteLine("Press Ctrl+C to stop.");
await emulator.WaitForShutdownAsync();
return 0;

// "istio-injection=enabled:istio-proxy=docker.io/istio/proxyv2:1.30.3": the namespace label, then the container.
static (string Label, string Value, string Container, string Image) Injection(string text)
{
    var (label, container) = text.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? (text[..colon], text[(colon + 1)..]) : (text, "");
    var labelParts = label.Split('=', 2);
    var containerParts = container.Split('=', 2);
    return labelParts.Length == 2 && containerParts.Length == 2 && !labelParts.Concat(containerParts).Any(string.IsNullOrWhiteSpace)
        ? (labelParts[0], labelParts[1], containerParts[0], containerParts[1])
        : throw new ArgumentException($"--inject '{text}' is not LABEL=VALUE:CONTAINER=IMAGE (e.g. istio-injection=enabled:istio-proxy=docker.io/istio/proxyv2:1.30.3)");
}
