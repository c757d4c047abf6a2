using Meshdock.Load;
using Spectre.Console;

namespace Meshdock.Cli.Perf;

/// <summary>The final summary: throughput, latency percentiles (corrected and uncorrected), status codes, errors.</summary>
internal static class SummaryView
{
    public static void Render(IAnsiConsole console, LoadResult result)
    {
        var open = result.Spec.Model == LoadModel.Open;
        var overview = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        overview.AddRow("Requests", $"{result.Requests:N0} in {result.DurationSeconds:0.###} s");
        overview.AddRow("Throughput", $"{result.ActualRps:N1} rps" + (open ? $" (requested {result.Spec.Rps:N0})" : ""));
        overview.AddRow("Transfer", $"{Bytes(result.BytesSent)} sent, {Bytes(result.BytesReceived)} received");
        if (result.WarmupRequests > 0)
            overview.AddRow("Warm-up", $"{result.WarmupRequests:N0} requests, not counted");
        if (result.Schedule is { } schedule)
            overview.AddRow("Schedule", Markup.Escape(
                $"{schedule.Late:N0} late (> {schedule.LateThresholdMs:0.#} ms), {schedule.Missed:N0} missed; lateness p99 {schedule.LatenessP99Ms:0.###} ms, max {schedule.LatenessMaxMs:0.###} ms"));
        console.Write(overview);

        var latency = new Table().Border(TableBorder.Rounded).Title("Latency (ms)")
            .AddColumn("").AddColumn(new TableColumn(open ? "corrected" : "service time").RightAligned());
        if (open)
            latency.AddColumn(new TableColumn("uncorrected").RightAligned());
        void Row(string label, Func<LatencyStats, double> pick)
        {
            var cells = new List<string> { label, $"{pick(result.Latency):0.###}" };
            if (open)
                cells.Add($"{pick(result.ServiceTime):0.###}");
            latency.AddRow([.. cells]);
        }
        Row("min", s => s.MinMs);
        Row("p50", s => s.P50Ms);
        Row("p75", s => s.P75Ms);
        Row("p90", s => s.P90Ms);
        Row("p99", s => s.P99Ms);
        Row("p99.9", s => s.P999Ms);
        Row("p99.99", s => s.P9999Ms);
        Row("max", s => s.MaxMs);
        Row("mean", s => s.MeanMs);
        Row("stddev", s => s.StdDevMs);
        console.Write(latency);

        var codes = new Table().Border(TableBorder.Rounded).AddColumn("Status").AddColumn(new TableColumn("Responses").RightAligned());
        foreach (var (status, count) in result.StatusCodes.OrderBy(s => s.Key))
            codes.AddRow(status >= 400 ? $"[red]{status}[/]" : $"{status}", $"{count:N0}");
        if (result.StatusCodes.Count > 0)
            console.Write(codes);

        var grpc = new Table().Border(TableBorder.Rounded).AddColumn("gRPC status").AddColumn(new TableColumn("Responses").RightAligned());
        foreach (var (name, count) in result.GrpcStatusCodes.OrderBy(s => s.Key == "OK" ? "" : s.Key, StringComparer.Ordinal))
            grpc.AddRow(name == "OK" ? name : $"[red]{name}[/]", $"{count:N0}");
        if (result.GrpcStatusCodes.Count > 0)
            console.Write(grpc);

        if (result.Errors.Count > 0)
        {
            var errors = new Table().Border(TableBorder.Rounded).AddColumn("Error").AddColumn(new TableColumn("Count").RightAligned()).AddColumn("First message");
            foreach (var error in result.Errors)
                errors.AddRow($"[red]{error.Kind}[/]", $"{error.Count:N0}", Markup.Escape(error.FirstMessage));
            console.Write(errors);
        }
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (double)(1 << 30):0.##} GiB",
        >= 1 << 20 => $"{bytes / (double)(1 << 20):0.##} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:0.##} KiB",
        _ => $"{bytes} B",
    };
}
