using System.Text.Json.Nodes;
using Meshdock.Load.Fortio;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class FortioTests
{
    [Fact]
    public async Task A_run_exports_in_fortios_result_shape()
    {
        await using var server = RawHttpServer.Start(r => r.Number % 10 == 0
            ? new Reply { Bytes = "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"u8.ToArray() }
            : Reply.Ok());
        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 2, duration: TimeSpan.FromSeconds(1), rps: 200));

        var json = JsonNode.Parse(FortioExport.ToJson(result, "istio run"))!.AsObject();

        Assert.Equal("HTTP", (string?)json["RunType"]);
        Assert.Equal("istio run", (string?)json["Labels"]);
        Assert.Equal("200", (string?)json["RequestedQPS"]);
        Assert.Equal("1s", (string?)json["RequestedDuration"]);
        Assert.Equal(result.ActualRps, (double)json["ActualQPS"]!);
        Assert.Equal(1_000_000_000, (long)json["ActualDuration"]!);
        Assert.Equal(2, (int)json["NumThreads"]!);
        Assert.Equal(server.Url, (string?)json["URL"]);
        Assert.True(DateTimeOffset.TryParse((string?)json["StartTime"], out _));
        Assert.Equal(180, (long)json["RetCodes"]!["200"]!);
        Assert.Equal(20, (long)json["RetCodes"]!["500"]!);

        var histogram = json["DurationHistogram"]!;
        Assert.Equal(200, (long)histogram["Count"]!);
        var min = (double)histogram["Min"]!;
        var max = (double)histogram["Max"]!;
        var avg = (double)histogram["Avg"]!;
        Assert.InRange(avg, min, max);
        Assert.True(max < 1, "seconds, not milliseconds");
        Assert.Equal(avg * 200, (double)histogram["Sum"]!, 6);
        var data = histogram["Data"]!.AsArray();
        Assert.Equal(200, data.Sum(b => (long)b!["Count"]!));
        Assert.Equal(100, (double)data[^1]!["Percent"]!, 3);
        Assert.All(data, b => Assert.True((double)b!["Start"]! < (double)b["End"]!));
        var percentiles = histogram["Percentiles"]!.AsArray();
        Assert.Equal([50, 75, 90, 99, 99.9], percentiles.Select(p => (double)p!["Percentile"]!));
        var values = percentiles.Select(p => (double)p!["Value"]!).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(result.Latency.P99Ms / 1000, values[3], 6);
    }
}
