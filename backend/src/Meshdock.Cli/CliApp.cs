using System.CommandLine;
using Meshdock.Cli.Perf;
using Spectre.Console;

namespace Meshdock.Cli;

/// <summary>The <c>meshdock</c> command line. Exit codes: 0 success, 1 the run could not start, 2 bad arguments,
/// 3 a --fail-if threshold was crossed, 130 cancelled.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int ThresholdCrossed = 3;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Meshdock: service mesh management from the command line.")
        {
            new Command("perf", "Performance runs against HTTP services.")
            {
                PerfRunCommand.Create(console),
            },
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLine("Run [bold]meshdock perf run --help[/] for the options.");
            return BadArguments;
        }
        // Ctrl-C (or SIGTERM in a runner pod) cancels the run, which then writes what it measured; an in-cluster
        // run also deletes its Job and waits a few seconds for its pods' last words, so give it time to end by itself.
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
