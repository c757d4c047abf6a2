using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Meshdock.KubeEmulator;

/// <summary>
/// Where a runner pod's connection to a ClusterIP Service lands, standing in for the Service's endpoints behind
/// kube-proxy: a test registers a loopback port (where its own server listens) per Service port. A Service port with
/// no node port and nothing registered has no endpoints: a connection to it is refused, as kube-proxy rejects one to
/// a Service without ready endpoints. Tests change it at any time; in process mode
/// <c>PUT /emulator/service-endpoints</c> does the same.
/// </summary>
public sealed class ServiceLoopbacks : IDisposable
{
    private readonly ConcurrentDictionary<(string Namespace, string Service, int Port), int> _ports = new();

    // Bound and never listening: the kernel answers every connection with a reset, which a client reports as
    // "connection refused" — what a Service without endpoints gives. Holding the port keeps anyone else off it.
    private readonly Socket _refusing = Bind();

    /// <summary>Connections to <paramref name="port"/> of Service <paramref name="ns"/>/<paramref name="service"/> reach 127.0.0.1:<paramref name="loopbackPort"/>.</summary>
    public void Register(string ns, string service, int port, int loopbackPort)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(loopbackPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(loopbackPort, 65535);
        _ports[(ns, service, port)] = loopbackPort;
    }

    public void Clear() => _ports.Clear();

    public int? Find(string ns, string service, int port) => _ports.TryGetValue((ns, service, port), out var loopback) ? loopback : null;

    /// <summary>A loopback port that refuses every connection.</summary>
    public int RefusingPort => ((IPEndPoint)_refusing.LocalEndPoint!).Port;

    public void Dispose() => _refusing.Dispose();

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
