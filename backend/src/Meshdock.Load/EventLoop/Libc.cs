using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Meshdock.Load.EventLoop;

/// <summary>
/// The Linux system calls the event loop makes. The constants are the generic Linux ABI, the same on x86-64 and
/// arm64 (the two architectures the extension image is built for).
/// </summary>
internal static unsafe partial class Libc
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int MsgNoSignal = 0x4000;

    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EInProgress = 115;

    /// <summary>
    /// struct epoll_event is packed on x86-64 (4-byte events, then the 8-byte data at offset 4: 12 bytes) and
    /// naturally aligned elsewhere (data at offset 8: 16 bytes).
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    public static readonly int EpollDataOffset = EpollEventSize == 12 ? 4 : 8;

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>The socket error a Linux errno stands for, as the runtime's own sockets would report it.</summary>
    public static SocketException SocketError(int errno) => new((int)(errno switch
    {
        111 => System.Net.Sockets.SocketError.ConnectionRefused,
        104 or 32 => System.Net.Sockets.SocketError.ConnectionReset,
        103 => System.Net.Sockets.SocketError.ConnectionAborted,
        110 => System.Net.Sockets.SocketError.TimedOut,
        113 => System.Net.Sockets.SocketError.HostUnreachable,
        101 => System.Net.Sockets.SocketError.NetworkUnreachable,
        99 => System.Net.Sockets.SocketError.AddressNotAvailable,
        24 or 23 => System.Net.Sockets.SocketError.TooManyOpenSockets,
        105 => System.Net.Sockets.SocketError.NoBufferSpaceAvailable,
        _ => System.Net.Sockets.SocketError.SocketError,
    }));

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, byte* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* evt);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeoutMs);
}
