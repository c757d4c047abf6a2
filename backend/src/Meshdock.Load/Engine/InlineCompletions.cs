using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Meshdock.Load.Engine;

/// <summary>
/// Runs a socket's completions on the runtime's epoll thread instead of queueing them to the thread pool (Unix).
/// For a load generator this is the difference between wrk's event loop and two thread hops per request: the
/// continuation is only our parser, a histogram record and the next send, so it never blocks the event thread.
/// The switch is the internal <c>Socket.PreferInlineCompletions</c> that Kestrel's socket transport sets too; if a
/// runtime does not have it, sockets keep the default scheduling.
/// </summary>
internal static class InlineCompletions
{
    private static bool s_unavailable = OperatingSystem.IsWindows();

    public static void Enable(Socket socket)
    {
        if (s_unavailable)
            return;
        try
        {
            SetPreferInlineCompletions(socket, true);
        }
        catch (MissingMemberException)
        {
            s_unavailable = true;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(Socket socket, bool value);
}
