using HdrHistogram;
using Meshdock.Load.Engine;
using Meshdock.Load.Histograms;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class LatencyTests
{
    [Fact]
    public async Task A_stall_shows_in_the_corrected_percentiles_and_not_only_in_the_uncorrected_ones()
    {
        // One connection at 200 rps; request 100 takes 500 ms. Closed-loop timing sees one slow request;
        // the schedule says ~100 requests waited behind it.
        await using var server = RawHttpServer.Start(async r =>
        {
            if (r.Number == 100)
                await Task.Delay(500);
            return Reply.Ok();
        });

        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 1, duration: TimeSpan.FromSeconds(2), rps: 200));

        Assert.InRange(result.ServiceTime.MaxMs, 450, 1000);
        Assert.True(result.ServiceTime.P99Ms < 50, $"uncorrected p99 {result.ServiceTime.P99Ms} ms");
        Assert.True(result.Latency.P90Ms > 100, $"corrected p90 {result.Latency.P90Ms} ms");
        Assert.True(result.Latency.P99Ms > 400, $"corrected p99 {result.Latency.P99Ms} ms");
        Assert.NotNull(result.Schedule);
        Assert.True(result.Schedule.Late >= 80, $"late {result.Schedule.Late}");
        Assert.True(result.Schedule.LatenessMaxMs > 400, $"max lateness {result.Schedule.LatenessMaxMs}");
        Assert.Equal(server.Requests, result.Requests);
    }

    [Fact]
    public void Per_worker_histograms_merge_into_exactly_one_histogram_of_all_samples()
    {
        var workers = Enumerable.Range(0, 4).Select(_ => new WorkerStats()).ToArray();
        var collector = new StatsCollector(workers, measureStart: 0);
        var single = LatencyHistograms.Create();
        var random = new Random(42);
        for (var i = 0; i < 50_000; i++)
        {
            // Log-uniform from 10 µs to 10 s, spread over workers and over several timeline ticks.
            var ns = (long)Math.Pow(10, 4 + random.NextDouble() * 6);
            workers[random.Next(workers.Length)].RecordResponse(200, ns, ns);
            single.RecordValue(ns);
            if (i % 10_000 == 9_999)
                collector.Tick(i);
        }
        collector.Tick(60_000);

        var merged = collector.TotalLatency();

        Assert.Equal(single.TotalCount, merged.TotalCount);
        foreach (var value in single.AllValues())
            Assert.Equal(value.CountAtValueIteratedTo, merged.GetCountAtValue(value.ValueIteratedTo));
        foreach (var p in new[] { 50, 90, 99, 99.9, 99.99, 100 })
            Assert.Equal(single.GetValueAtPercentile(p), merged.GetValueAtPercentile(p));
        Assert.Equal(single.GetMean(), merged.GetMean(), 6);
        Assert.Equal(single.GetStdDeviation(), merged.GetStdDeviation(), 6);
        Assert.Equal(50_000, collector.Timeline.Sum(s => s.Requests));
    }

    [Fact]
    public void Summaries_report_percentiles_in_milliseconds_and_the_encoded_histogram_round_trips()
    {
        var histogram = LatencyHistograms.Create();
        for (var ms = 1; ms <= 100; ms++)
            histogram.RecordValue(ms * 1_000_000L);

        var stats = LatencySummary.Summarize(histogram);

        Assert.Equal(100, stats.Count);
        Assert.Equal(1, stats.MinMs, 2);
        Assert.Equal(50, stats.P50Ms, 0);
        Assert.Equal(90, stats.P90Ms, 0);
        Assert.Equal(99, stats.P99Ms, 0);
        Assert.Equal(100, stats.MaxMs, 0);
        Assert.Equal(50.5, stats.MeanMs, 1);
        Assert.Equal(100, stats.Distribution.Sum(b => b.Count));
        Assert.Equal(100, stats.PercentileCurve[^1].Percentile);
        var decoded = HistogramCodec.Decode(stats.Histogram);
        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        Assert.Equal(histogram.GetValueAtPercentile(99), decoded.GetValueAtPercentile(99));
    }

    [Fact]
    public void A_histogram_with_tens_of_thousands_of_distinct_values_round_trips_through_the_encoding()
    {
        // A long run at a high rate fills many buckets; its compressed encoding is larger than one read of the
        // decompressor returns, which is where a one-read decoder gives up.
        var histogram = LatencyHistograms.Create();
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
            histogram.RecordValue((long)Math.Pow(10, 3 + random.NextDouble() * 7)); // 1 µs to 10 s

        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(histogram));

        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        foreach (var value in histogram.RecordedValues())
            Assert.Equal(value.CountAtValueIteratedTo, decoded.GetCountAtValue(value.ValueIteratedTo));
    }
}
