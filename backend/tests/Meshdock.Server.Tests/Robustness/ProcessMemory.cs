using System.Globalization;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>
/// A process's resident memory from /proc/PID/status. <see cref="ResetPeak"/> writes 5 to /proc/PID/clear_refs, which
/// resets VmHWM to the current RSS, so the peak read afterwards is the peak of what ran in between.
/// </summary>
internal static class ProcessMemory
{
    public static long ResidentBytes(int pid) => Field(pid, "VmRSS");

    public static long PeakBytes(int pid) => Field(pid, "VmHWM");

    /// <summary>False where the kernel does not allow it; the peak then spans the process's life.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Field(int pid, string name)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        var kilobytes = line[(name.Length + 1)..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
