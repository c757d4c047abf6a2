using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Meshdock.Load.Engine;

/// <summary>A Linux timerfd on CLOCK_MONOTONIC, the clock <see cref="Stopwatch"/> reads on Linux.</summary>
internal sealed partial class TimerFd : IDisposable
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsTime = 1;
    private readonly int _fd;

    private TimerFd(int fd) => _fd = fd;

    public static TimerFd? TryCreate()
    {
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != 1_000_000_000)
            return null;
        try
        {
            var fd = timerfd_create(ClockMonotonic, 0);
            return fd < 0 ? null : new TimerFd(fd);
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    public void ArmAbsolute(long timestampNs)
    {
        // A zero it_value would disarm the timer; one nanosecond fires at once.
        var at = Math.Max(1, timestampNs);
        var spec = new ITimerSpec { ValueSeconds = at / 1_000_000_000, ValueNanoseconds = at % 1_000_000_000 };
        timerfd_settime(_fd, TimerAbsTime, in spec, IntPtr.Zero);
    }

    public unsafe void Wait()
    {
        ulong expirations;
        read(_fd, &expirations, sizeof(ulong));
    }

    public void Dispose() => close(_fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct ITimerSpec
    {
        public long IntervalSeconds;
        public long IntervalNanoseconds;
        public long ValueSeconds;
        public long ValueNanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_create(int clockId, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_settime(int fd, int flags, in ITimerSpec newValue, IntPtr oldValue);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
