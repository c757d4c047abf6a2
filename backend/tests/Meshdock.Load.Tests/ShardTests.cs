using HdrHistogram;
using Meshdock.Load.Histograms;
using Meshdock.Load.Shards;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

/// <summary>A run split over several generators and merged back: shares, phases, exact merge, JSON lines.</summary>
public sealed class ShardTests
{
    [Fact]
    public void A_run_splits_into_even_shares_with_the_open_models_schedules_offset()
    {
        var spec = new LoadSpec { Urls = ["http://127.0.0.1:1/"], Rps = 1000, Connections = 10, Requests = 10, Duration = TimeSpan.FromSeconds(5) };

        var parts = Enumerable.Range(0, 3).Select(i => ShardPlan.For(spec, 3, i)).ToList();

        Assert.Equal([4, 3, 3], parts.Select(p => p.Connections));
        Assert.Equal([334, 333, 333], parts.Select(p => p.Rps!.Value));
        Assert.Equal([4L, 3L, 3L], parts.Select(p => p.Requests!.Value));
        Assert.Equal([0L, 3333L, 6666L], parts.Select(p => p.StartPhase!.Value.Ticks)); // i/(3·1000) s, in 100 ns ticks
        Assert.All(parts, p => Assert.Empty(LoadSpecValidator.Validate(p)));
    }

    [Theory]
    [InlineData(0, null, "Between 1 and")]
    [InlineData(11, null, "connection")]
    [InlineData(5, 4, "request a second")]
    public void A_run_that_cannot_be_shared_says_why(int shards, int? rps, string why)
    {
        var spec = new LoadSpec { Urls = ["http://127.0.0.1:1/"], Rps = rps, Connections = 10, Duration = TimeSpan.FromSeconds(5) };

        Assert.Contains(why, ShardPlan.Problem(spec, shards), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ShardPlan.For(spec, shards, 0));
    }

    [Fact]
    public void A_start_phase_outside_one_second_is_refused()
    {
        var spec = Specs.For("http://127.0.0.1:1/", connections: 1, requests: 1) with { StartPhase = TimeSpan.FromSeconds(1) };

        Assert.Contains(LoadSpecValidator.Validate(spec), e => e.Field == "startPhase");
    }

    [Fact]
    public async Task Two_shards_merge_exactly_into_what_the_server_received()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var whole = Specs.For(server.Url, connections: 4, requests: 600);
        var lines = new List<string>();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async shard =>
        {
            var progress = new Lines(lines, shard);
            var result = await LoadRunner.RunWithIntervalsAsync(ShardPlan.For(whole, 2, shard), progress);
            progress.Report(new ShardLine { Type = ShardLine.ResultType, Shard = shard, Result = result });
            return result;
        }));

        // The reader sees only the JSON lines, as the server does following the pods' logs.
        var parsed = lines.Select(ShardLine.TryParse).OfType<ShardLine>().ToList();
        var timeline = new TimelineMerge(2);
        foreach (var line in parsed.Where(l => l.Interval is not null))
            timeline.Add(line.Shard, line.Interval!);
        timeline.FinishAll();
        var merged = ShardMerge.Merge(whole, [.. parsed.Where(l => l.Result is not null).Select(l => l.Result!)], [], timeline.Timeline, cancelled: false);

        Assert.Equal(600, merged.Requests);
        Assert.Equal(server.Requests, merged.Requests);
        Assert.Equal(600, merged.StatusCodes[200]);
        Assert.Equal(600, timeline.Timeline.Sum(s => s.Requests));
        Assert.Equal(600, timeline.Timeline[^1].TotalRequests);
        var expected = LatencyHistograms.Create();
        foreach (var result in results)
            expected.Add(HistogramCodec.Decode(result.Latency.Histogram));
        Assert.Equal(Counts(expected), Counts(HistogramCodec.Decode(merged.Latency.Histogram)));
        Assert.Equal(merged.Latency.Count, merged.ServiceTime.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Unhandled exception. System.Exception")]
    [InlineData("{\"type\":\"interval\"}")]
    [InlineData("{\"type\":\"result\",\"result\":")]
    public void Lines_that_are_not_the_protocols_are_skipped(string line) => Assert.Null(ShardLine.TryParse(line));

    private static List<(long, long)> Counts(HistogramBase histogram) =>
        [.. histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo))];

    private sealed class Lines(List<string> lines, int shard) : IProgress<IntervalReport>
    {
        public void Report(IntervalReport value) => Report(new ShardLine { Type = ShardLine.IntervalType, Shard = shard, Interval = value });

        public void Report(ShardLine line)
        {
            lock (lines)
                lines.Add(line.ToJson());
        }
    }
}
