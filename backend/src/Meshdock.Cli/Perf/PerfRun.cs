using Meshdock.Load;
using Meshdock.Load.Fortio;
using Meshdock.Load.Smp;
using Spectre.Console;

namespace Meshdock.Cli.Perf;

/// <summary>Validates, runs with a live progress bar, prints the summary, writes the files, checks thresholds.</summary>
internal sealed class PerfRun(IAnsiConsole console, LoadSpec spec, IReadOnlyList<Threshold> thresholds, string? name, FileInfo? smpFile, FileInfo? fortioFile)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        if (!Validate())
            return CliApp.BadArguments;

        console.MarkupLineInterpolated($"[bold]{spec.Method} {string.Join(", ", spec.Urls)}[/]  {Describe(spec)}");
        LoadResult result;
        try
        {
            result = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("starting", maxValue: 1);
                    var progress = new LiveProgress(task, spec);
                    var outcome = await LoadRunner.RunAsync(spec, progress, cancellationToken);
                    task.Value = task.MaxValue;
                    return outcome;
                });
        }
        catch (LoadTargetException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return CliApp.Failed;
        }

        return await ReportAsync(result);
    }

    /// <summary>Whether the spec can run; prints each problem with the option it comes from.</summary>
    public bool Validate()
    {
        var errors = LoadSpecValidator.Validate(spec);
        foreach (var error in errors)
            console.MarkupLineInterpolated($"[red]error:[/] {OptionFor(error.Field)}: {error.Message}");
        return errors.Count == 0;
    }

    /// <summary>The summary, the result files and the thresholds, the same whether the load came from here or from the cluster.</summary>
    public async Task<int> ReportAsync(LoadResult result)
    {
        SummaryView.Render(console, result);
        if (smpFile is not null)
        {
            var document = SmpExport.FromResult(result, new SmpExportContext { Id = Guid.NewGuid().ToString("n"), Name = name });
            var text = smpFile.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? SmpFormat.ToJson(document) : SmpFormat.ToYaml(document);
            await File.WriteAllTextAsync(smpFile.FullName, text, CancellationToken.None);
            console.MarkupLineInterpolated($"SMP result written to {smpFile.FullName}");
        }
        if (fortioFile is not null)
        {
            await File.WriteAllTextAsync(fortioFile.FullName, FortioExport.ToJson(result, name), CancellationToken.None);
            console.MarkupLineInterpolated($"Fortio result written to {fortioFile.FullName}");
        }
        if (result.Cancelled)
        {
            console.MarkupLine("[yellow]Cancelled:[/] the figures cover the run until it was stopped.");
            return CliApp.Cancelled;
        }

        var exitCode = CliApp.Ok;
        foreach (var threshold in thresholds)
        {
            var (actual, crossed) = threshold.Evaluate(result);
            var shown = $"{actual:0.###}{threshold.Unit}";
            if (crossed)
            {
                console.MarkupLineInterpolated($"[red]FAIL[/] {threshold.Text} (measured {shown})");
                exitCode = CliApp.ThresholdCrossed;
            }
            else
            {
                console.MarkupLineInterpolated($"[green]pass[/] {threshold.Text} (measured {shown})");
            }
        }
        return exitCode;
    }

    public static string Describe(LoadSpec spec)
    {
        var model = spec.Rps is { } rps ? $"open model at {rps:N0} rps" : "closed model (max)";
        var stop = spec.Duration is { } d ? $"for {SmpFormat.FormatDuration(d)}" : "";
        var count = spec.Requests is { } n ? $"{(stop.Length > 0 ? " or " : "")}{n:N0} requests" : "";
        return $"{model}, {spec.Connections} connections, {(spec.IsGrpc ? "gRPC over HTTP/2" : spec.Protocol == HttpProtocol.Http2 ? "HTTP/2" : "HTTP/1.1")}{(spec.Streams > 1 ? $" ({spec.Streams} streams each)" : "")}, {stop}{count}";
    }

    private static string OptionFor(string field) => field switch
    {
        var f when f.StartsWith("urls", StringComparison.Ordinal) => "--url",
        var f when f.StartsWith("headers", StringComparison.Ordinal) => "--header",
        var f when f.StartsWith("cookies", StringComparison.Ordinal) => "--cookie",
        "body" => "--body-file",
        "contentType" => "--content-type",
        "caCertificatePem" => "--ca-cert",
        "grpc.json" => "--grpc-request",
        "grpc.proto" => "--proto",
        "grpc.imports" => "--proto-import",
        "grpc" => "--proto/--reflection",
        var f => "--" + f,
    };

    /// <summary>Moves the bar and shows the last second's figures; called on the engine's housekeeping thread.</summary>
    private sealed class LiveProgress(ProgressTask task, LoadSpec spec) : IProgress<TimelineSecond>
    {
        public void Report(TimelineSecond second)
        {
            task.Value = spec.Duration is { } duration
                ? Math.Min(1, second.ElapsedSeconds / duration.TotalSeconds)
                : Math.Min(1, (double)second.TotalRequests / spec.Requests!.Value);
            task.Description = Markup.Escape($"{second.Rps,9:N0} rps   p50 {second.P50Ms,8:0.###} ms   p99 {second.P99Ms,8:0.###} ms   {second.Errors:N0} errors");
        }
    }
}
