using Meshdock.Load;
using Meshdock.Load.Shards;

namespace Meshdock.Cli.Perf;

/// <summary>
/// <c>perf run --json-lines</c>: one share of a run (<see cref="ShardPlan"/>), reported as <see cref="ShardLine"/>s on
/// standard output for a reader that merges several generators (the server following the cluster runner's pods).
/// Errors go to standard error as plain sentences; the exit codes are the command's.
/// </summary>
internal sealed class JsonLinesRun(TextWriter output, TextWriter error, LoadSpec spec, int shards, int shard)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var problems = LoadSpecValidator.Validate(spec).Select(e => $"{e.Field}: {e.Message}").ToList();
        if (ShardPlan.Problem(spec, shards) is { } split)
            problems.Add(split);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                await error.WriteLineAsync(problem);
            return CliApp.BadArguments;
        }

        var part = ShardPlan.For(spec, shards, shard);
        var lines = new LineWriter(output, shard);
        LoadResult result;
        try
        {
            result = await LoadRunner.RunWithIntervalsAsync(part, lines, cancellationToken);
        }
        catch (LoadTargetException e)
        {
            await error.WriteLineAsync(e.Message);
            return CliApp.Failed;
        }

        lines.Write(new ShardLine { Type = ShardLine.ResultType, Shard = shard, Result = result });
        return result.Cancelled ? CliApp.Cancelled : CliApp.Ok;
    }

    /// <summary>Seconds arrive on the engine's housekeeping thread; each line is written and flushed whole.</summary>
    private sealed class LineWriter(TextWriter output, int shard) : IProgress<IntervalReport>
    {
        private readonly Lock _gate = new();

        public void Report(IntervalReport value) => Write(new ShardLine { Type = ShardLine.IntervalType, Shard = shard, Interval = value });

        public void Write(ShardLine line)
        {
            var text = line.ToJson();
            lock (_gate)
            {
                output.WriteLine(text);
                output.Flush();
            }
        }
    }
}
