using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;

namespace Meshdock.Bench.Footprint;

/// <summary>Runs the server and the bare host one after the other on this machine and reports the figures.</summary>
internal static class Measure
{
    private const int PacedEvents = 1000;
    private const int PaceMillis = 5;
    private const int BurstEvents = 10_000;
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string serverDll, string? report)
    {
        var temp = Directory.CreateTempSubdirectory("md-bench-").FullName;
        try
        {
            var rows = new List<(string What, string Meshdock, string Bare, string Target)>();

            // Bare host first, measured exactly like the server.
            var bareSocket = Path.Combine(temp, "bare.sock");
            Peer bare = await Peer.StartAsync(bareSocket, Assembly.GetExecutingAssembly().Location, "bare-host", bareSocket);
            await Task.Delay(IdleSettle);
            var bareRss = bare.RssMiB();
            var bareWs = await Latency.BareAsync(bare, PacedEvents, PaceMillis);
            var bareBurst = await Latency.BareAsync(bare, BurstEvents, 0);
            await bare.DisposeAsync();

            var socket = Path.Combine(temp, "run", "meshdock.sock");
            string[] serverArgs = ["--socket", socket, "--urls", "http://127.0.0.1:0",
                "--data", Path.Combine(temp, "data"), "--docker-socket", Path.Combine(temp, "none.sock")];
            Peer server = await Peer.StartAsync(socket, [serverDll, .. serverArgs]);
            await Task.Delay(IdleSettle);
            var idleRss = server.RssMiB();
            var ws = await Latency.MeshdockAsync(server, HttpTransportType.WebSockets, PacedEvents, PaceMillis);
            var lp = await Latency.MeshdockAsync(server, HttpTransportType.LongPolling, PacedEvents, PaceMillis);
            var burst = await Latency.MeshdockAsync(server, HttpTransportType.WebSockets, BurstEvents, 0);
            var loadedRss = server.RssMiB();
            await server.DisposeAsync();

            // Every later start reuses the data folder, as Docker Desktop does with the extension's volume: the
            // database exists and the built-in filter is registered, so Wasmtime is not loaded.
            Peer restart = await Peer.StartAsync(socket, [serverDll, .. serverArgs]);
            await Task.Delay(IdleSettle);
            var restartRss = restart.RssMiB();
            await restart.DisposeAsync();

            rows.Add(("Time until /api/health answers on the socket, first start (empty data folder)", Ms(server.TimeToHealth.TotalMilliseconds), Ms(bare.TimeToHealth.TotalMilliseconds), "< 2000 ms"));
            rows.Add(("Time until /api/health answers on the socket, later starts", Ms(restart.TimeToHealth.TotalMilliseconds), "", "< 2000 ms"));
            rows.Add(($"Idle RSS {IdleSettle.TotalSeconds:0} s after the first start (validates the built-in filter: Wasmtime loaded)", MiB(idleRss), MiB(bareRss), ""));
            rows.Add(($"Idle RSS {IdleSettle.TotalSeconds:0} s after a later start", MiB(restartRss), MiB(bareRss), "< 80 MiB"));
            rows.Add(("RSS after the latency runs", MiB(loadedRss), "", ""));
            rows.Add(($"Event latency p50 / p99, WebSockets, {PacedEvents} events {PaceMillis} ms apart", Pair(ws), Pair(bareWs), "p99 < 20 ms"));
            rows.Add(($"Event latency p50 / p99, long polling on the socket, same pace", Pair(lp), "", ""));
            rows.Add(($"Burst of {BurstEvents:N0} events (selftest stepMillis 0): all delivered over WebSockets in", Throughput(burst), Throughput(bareBurst), ""));

            var text = Render(rows, serverDll);
            Console.WriteLine(text);
            if (report is not null)
            {
                WriteSection(report, text);
                Console.WriteLine($"Written to {report}");
            }

            var failed = server.TimeToHealth.TotalMilliseconds >= 2000 || restart.TimeToHealth.TotalMilliseconds >= 2000
                || restartRss >= 80 || ws.P99 >= 20;
            Console.WriteLine(failed ? "MISSED: some figure misses its target (see the table)." : "All targets met.");
            return 0; // a benchmark reports; the tests are what fail
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>"Release ReadyToRun publish" for bin/Release/net10.0/RID/publish, "Release build" for bin/Release/net10.0.</summary>
    private static string Build(string serverDll)
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(serverDll)!);
        return folder.Name == "publish"
            ? $"{folder.Parent!.Parent!.Parent!.Name} ReadyToRun publish for {folder.Parent.Name}"
            : $"{folder.Parent!.Name} build";
    }

    private static string Render(List<(string What, string Meshdock, string Bare, string Target)> rows, string serverDll)
    {
        var text = new StringBuilder();
        text.AppendLine("## Backend footprint");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured by `make bench` (`bench/footprint.sh`) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Machine()}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Server: `{Path.GetFileName(serverDll)}` ({Build(serverDll)}) in container mode (API on a Unix socket, hub on TCP), an empty data folder; ");
        text.AppendLine("bare host: `WebApplication.CreateBuilder` with one endpoint and a bare SignalR hub, same GC settings, no database. ");
        text.AppendLine("Latency = arrival at a SignalR .NET client minus the event's own timestamp (emitted → stored in SQLite → sent). ");
        text.AppendLine("On a machine busy with other work (load average above the CPU count) scheduling delay dominates start-up and p99; ");
        text.AppendLine("the bare host, measured in the same run, shows how much of a figure is the machine rather than Meshdock.");
        text.AppendLine();
        text.AppendLine("| Measure | Meshdock server | Bare ASP.NET Core | Target |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var (what, meshdock, bare, target) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {meshdock} | {bare} | {target} |");
        }

        return text.ToString();
    }

    /// <summary>Replaces the "Backend footprint" section of the report (up to the next "## "), keeping the rest.</summary>
    private static void WriteSection(string path, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n\n";
        var start = existing.IndexOf("## Backend footprint", StringComparison.Ordinal);
        string updated;
        if (start < 0)
        {
            updated = existing.TrimEnd() + "\n\n" + section;
        }
        else
        {
            var next = existing.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
            updated = existing[..start] + section + (next < 0 ? "" : "\n" + existing[(next + 1)..]);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated);
    }

    private static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} CPUs ({model}), {memKb / 1024.0 / 1024.0:0.0} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at the start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");

    private static string MiB(double mib) => string.Create(CultureInfo.InvariantCulture, $"{mib:0.0} MiB");

    private static string Throughput(Percentiles p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Elapsed.TotalMilliseconds:0} ms ({p.PerSecond:N0} events/s)");

    private static string Pair(Percentiles p) => string.Create(CultureInfo.InvariantCulture, $"{p.P50:0.00} / {p.P99:0.00} ms (max {p.Max:0.0}, n={p.Count})");
}
