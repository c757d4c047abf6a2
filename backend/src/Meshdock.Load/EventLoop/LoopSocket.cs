using System.Net;
using System.Net.Sockets;

namespace Meshdock.Load.EventLoop;

/// <summary>Opening a non-blocking TCP socket registered with a loop's epoll set, shared by its connections.</summary>
internal static unsafe class LoopSocket
{
    public static byte[] Address(IPEndPoint endpoint)
    {
        var address = endpoint.Serialize();
        return address.Buffer[..address.Size].ToArray();
    }

    /// <summary>
    /// Starts connecting a socket registered edge-triggered for reading and writing, with <paramref name="index"/>
    /// as its epoll data. Null on success (<paramref name="inProgress"/> until the socket turns writable), else the
    /// failure, with no socket left open.
    /// </summary>
    public static SocketException? Connect(int epoll, int index, AddressFamily family, byte[] address, out int fd, out bool inProgress)
    {
        inProgress = false;
        fd = Libc.socket(family == AddressFamily.InterNetworkV6 ? Libc.AfInet6 : Libc.AfInet, Libc.SockStream | Libc.SockNonBlock | Libc.SockCloexec, 0);
        if (fd < 0)
            return Libc.SocketError(Libc.LastError);
        var one = 1;
        Libc.setsockopt(fd, Libc.IpProtoTcp, Libc.TcpNoDelay, &one, sizeof(int));
        var registration = stackalloc byte[16];
        *(uint*)registration = Libc.EpollIn | Libc.EpollOut | Libc.EpollRdHup | Libc.EpollEt;
        *(ulong*)(registration + Libc.EpollDataOffset) = (ulong)index;
        if (Libc.epoll_ctl(epoll, Libc.EpollCtlAdd, fd, registration) < 0)
            return Fail(ref fd);
        int result;
        fixed (byte* bytes = address)
            result = Libc.connect(fd, bytes, address.Length);
        if (result == 0)
            return null;
        if (Libc.LastError == Libc.EInProgress)
        {
            inProgress = true;
            return null;
        }
        return Fail(ref fd);
    }

    /// <summary>The outcome of a connect that was in progress: 0, or the errno it failed with.</summary>
    public static int PendingError(int fd)
    {
        int error = 0, length = sizeof(int);
        if (Libc.getsockopt(fd, Libc.SolSocket, Libc.SoError, &error, &length) < 0)
            error = Libc.LastError;
        return error;
    }

    private static SocketException Fail(ref int fd)
    {
        var failure = Libc.SocketError(Libc.LastError);
        Libc.close(fd); // also takes it out of the epoll set
        fd = -1;
        return failure;
    }
}
