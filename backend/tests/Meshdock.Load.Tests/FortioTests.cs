using System.Text.Json.Nodes;
using Meshdock.Load.Fortio;
using Meshdock.Load.Smp;
using Meshdock.Load.Tests.Smp;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

public sealed class FortioTests
{
    private static async Task<LoadResult> RunWithStatusesAsync(int? rps, bool closeSome = false)
    {
        // 1 in 10 answers 500, 1 in 10 answers 204, 1 in 20 answers 429: Fortio counts 500 and 429 as errors, 204 not.
        await using var server = RawHttpServer.Start(r => (r.Number % 20) switch
        {
            0 or 10 => Status(500),
            5 or 15 => Status(204),
            7 => Status(429),
            3 when closeSome => new Reply { Bytes = [], Reset = true },
            _ => Reply.Ok(),
        });
        var spec = Specs.For(server.Url, connections: 2, duration: TimeSpan.FromSeconds(1), rps: rps) with { Timeout = TimeSpan.FromSeconds(2) };
        if (rps is null)
            spec = spec with { Duration = null, Requests = 200 };
        return await LoadRunner.RunAsync(spec);
    }

    private static Reply Status(int code) => new() { Bytes = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 {code} X\r\nContent-Length: 0\r\n\r\n") };

    [Fact]
    public async Task An_open_run_exports_in_fortios_result_shape()
    {
        var result = await RunWithStatusesAsync(rps: 200);

        var json = JsonNode.Parse(FortioExport.ToJson(result, "istio run"))!.AsObject();

        Assert.Equal("HTTP", (string?)json["RunType"]);
        Assert.Equal("istio run", (string?)json["Labels"]);
        Assert.Equal("200", (string?)json["RequestedQPS"]);
        Assert.Equal("1s", (string?)json["RequestedDuration"]);
        Assert.Equal(result.ActualRps, (double)json["ActualQPS"]!);
        Assert.Equal(1_000_000_000, (long)json["ActualDuration"]!);
        Assert.Equal(2, (int)json["NumThreads"]!);
        Assert.Equal(2, (int)json["NumConnections"]!);
        Assert.False((bool)json["Jitter"]!);
        Assert.True((bool)json["Uniform"]!);
        Assert.False((bool)json["NoCatchUp"]!);
        Assert.Equal(server(result), (string?)json["URL"]);
        Assert.True(DateTimeOffset.TryParse((string?)json["StartTime"], out _));
        var codes = json["RetCodes"]!.AsObject();
        Assert.Equal(200, codes.Sum(c => (long)c.Value!));
        Assert.Equal(20, (long)codes["500"]!);
        Assert.Equal(20, (long)codes["204"]!);
        Assert.Equal(10, (long)codes["429"]!);

        var histogram = json["DurationHistogram"]!;
        Assert.Equal(200, (long)histogram["Count"]!);
        AssertWellFormed(histogram);
        var percentiles = histogram["Percentiles"]!.AsArray();
        Assert.Equal([50, 75, 90, 99, 99.9], percentiles.Select(p => (double)p!["Percentile"]!));
        var values = percentiles.Select(p => (double)p!["Value"]!).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(result.Latency.P99Ms / 1000, values[3], 6);

        // Fortio's rule (fhttp codeIsOK): 2xx and 418 are fine, everything else is an error: here 500 and 429.
        var errors = json["ErrorsDurationHistogram"]!;
        Assert.Equal(30, (long)errors["Count"]!);
        AssertWellFormed(errors);
    }

    [Fact]
    public async Task A_closed_run_requests_max_and_leaves_out_percentiles_of_an_empty_histogram()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 2, requests: 50));

        var json = JsonNode.Parse(FortioExport.ToJson(result))!.AsObject();

        Assert.Equal("max", (string?)json["RequestedQPS"]);
        Assert.Equal("exactly 50 calls", (string?)json["RequestedDuration"]);
        Assert.Equal(50, (long)json["Exactly"]!);
        Assert.False((bool)json["Uniform"]!);
        var errors = json["ErrorsDurationHistogram"]!.AsObject();
        Assert.Equal(0, (long)errors["Count"]!);
        Assert.False(errors.ContainsKey("Percentiles"));
        Assert.Empty(errors["Data"]!.AsArray());
        Assert.True(json["DurationHistogram"]!.AsObject().ContainsKey("Percentiles"));
    }

    [Theory]
    [MemberData(nameof(Engines.Both), MemberType = typeof(Engines))]
    public async Task Response_and_header_sizes_are_exported_as_fortio_records_them(string engine)
    {
        // Odd requests get a 3000-byte body, even ones a chunked body: sizes as framed on the wire, trailers included.
        var small = Reply.Chunked("hel", "lo");
        var large = Reply.Ok(new string('x', 3000));
        await using var server = RawHttpServer.Start(r => r.Number % 2 == 1 ? large : small);

        var result = await Engines.RunAsync(engine, Specs.For(server.Url, connections: 2, requests: 40));
        var json = JsonNode.Parse(FortioExport.ToJson(result))!.AsObject();

        var (smallTotal, smallHeaders) = Measure(small);
        var (largeTotal, largeHeaders) = Measure(large);
        var sizes = json["Sizes"]!.AsObject();
        Assert.Equal(40, (long)sizes["Count"]!);
        Assert.Equal(smallTotal, (long)sizes["Min"]!);
        Assert.Equal(largeTotal, (long)sizes["Max"]!);
        Assert.Equal(20 * (smallTotal + largeTotal), (long)sizes["Sum"]!);
        Assert.Equal((smallTotal + largeTotal) / 2.0, (double)sizes["Avg"]!, 9);
        Assert.Equal((largeTotal - smallTotal) / 2.0, (double)sizes["StdDev"]!, 6);
        AssertBuckets(sizes, [smallTotal, largeTotal], divider: 100);
        Assert.Null(sizes["Percentiles"]); // as Fortio writes sizes: "Percentiles": null

        var headers = json["HeaderSizes"]!.AsObject();
        Assert.Equal(40, (long)headers["Count"]!);
        Assert.Equal(Math.Min(smallHeaders, largeHeaders), (long)headers["Min"]!);
        Assert.Equal(Math.Max(smallHeaders, largeHeaders), (long)headers["Max"]!);
        Assert.Equal(20 * (smallHeaders + largeHeaders), (long)headers["Sum"]!);
        AssertBuckets(headers, [smallHeaders, largeHeaders], divider: 5);
    }

    [Fact]
    public async Task Sizes_are_left_out_when_they_are_unknown()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 1, requests: 5));
        Assert.NotNull(result.ResponseSizes);

        // Results stored before sizes were measured, and HTTP/2 runs, have none.
        var json = JsonNode.Parse(FortioExport.ToJson(result with { ResponseSizes = null, HeaderSizes = null }))!.AsObject();

        Assert.False(json.ContainsKey("Sizes"));
        Assert.False(json.ContainsKey("HeaderSizes"));
    }

    /// <summary>A canned reply's whole length and the length of its status line and headers (up to the empty line).</summary>
    private static (long Total, long Headers) Measure(Reply reply)
    {
        var text = System.Text.Encoding.ASCII.GetString(reply.Bytes);
        return (reply.Bytes.Length, text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
    }

    /// <summary>Fortio's bucket rules: the first starts at Min, the last ends at Max, every value lies in a bucket
    /// whose bounds are Fortio's (a multiple of the divider) or Min/Max, and Percent is cumulative.</summary>
    private static void AssertBuckets(JsonObject histogram, long[] values, double divider)
    {
        var data = histogram["Data"]!.AsArray();
        Assert.Equal((double)histogram["Min"]!, (double)data[0]!["Start"]!);
        Assert.Equal((double)histogram["Max"]!, (double)data[^1]!["End"]!);
        Assert.Equal((long)histogram["Count"]!, data.Sum(b => (long)b!["Count"]!));
        Assert.Equal(100, (double)data[^1]!["Percent"]!, 6);
        foreach (var value in values.Distinct())
            Assert.Contains(data, b => (double)b!["Start"]! <= value && value <= (double)b["End"]!);
        foreach (var bucket in data.Skip(1))
            Assert.Equal(0, (double)bucket!["Start"]! % divider);
    }

    private static string server(LoadResult result) => result.Spec.Urls[0];

    private static void AssertWellFormed(JsonNode histogram)
    {
        var min = (double)histogram["Min"]!;
        var max = (double)histogram["Max"]!;
        var avg = (double)histogram["Avg"]!;
        var count = (long)histogram["Count"]!;
        Assert.InRange(avg, min, max);
        Assert.True(max < 1, "seconds, not milliseconds");
        Assert.Equal(avg * count, (double)histogram["Sum"]!, 6);
        var data = histogram["Data"]!.AsArray();
        Assert.Equal(count, data.Sum(b => (long)b!["Count"]!));
        Assert.Equal(100, (double)data[^1]!["Percent"]!, 3);
        Assert.Equal(min, (double)data[0]!["Start"]!);
        Assert.Equal(max, (double)data[^1]!["End"]!);
        Assert.All(data, b =>
        {
            Assert.InRange((double)b!["Start"]!, min, max);
            Assert.InRange((double)b["End"]!, (double)b["Start"]!, max);
        });
    }

    [Fact]
    public void A_real_fortio_http_result_imports_with_its_figures()
    {
        var result = FortioImport.Parse(Fixtures.Read("Fortio/http-rest-run.json"));

        Assert.Equal(40, result.RequestedQps);
        Assert.Equal("100ms", result.RequestedDuration);
        Assert.Equal(38.44836361217263, result.ActualQps);
        Assert.Equal(TimeSpan.FromTicks(1040356), result.ActualDuration);
        Assert.Equal(2, result.NumThreads);
        Assert.Equal("http://localhost:8080", result.Url);
        Assert.Equal("foo", result.Payload);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Timeout);
        Assert.Equal(4, result.RetCodes[200]);
        Assert.Equal(4, result.DurationHistogram.Count);
        Assert.Equal(0.000930407, result.DurationHistogram.Max);
        Assert.Equal(0.0009216405066666668 * 1000, result.PercentileMs(99), 9);
        Assert.Equal(DateTimeOffset.Parse("2022-03-19T22:34:23.279389Z"), result.StartTime);

        var spec = FortioImport.ToLoadSpec(result);
        Assert.Equal("POST", spec.Method);
        Assert.Equal(40, spec.Rps);
        Assert.Equal(TimeSpan.FromMilliseconds(100), spec.Duration); // shorter than Meshdock runs, but what Fortio ran
        Assert.Equal("foo", spec.Body);

        var smp = FortioImport.ToSmp(result);
        var strict = StrictSmp.FromJson(SmpFormat.ToJson(smp));
        Assert.Equal(0.930, strict.Result!.LatenciesMs.Max, 9); // SMP keeps microseconds
        Assert.Equal(0.273, strict.Result.LatenciesMs.Min, 9);
        Assert.Equal(38.45, strict.Result.ActualQps);
        Assert.Equal("fortio X.Y.Z", strict.Config.Clients[0].LoadGenerator);
        Assert.Equal(40, strict.Config.Clients[0].Rps);
    }

    [Fact]
    public void A_fortio_grpc_result_is_refused_with_a_sentence()
    {
        var text = Fixtures.Read("Fortio/grpc-ping.json");
        Assert.True(FortioImport.LooksLikeFortio(text));

        var error = Assert.Throws<FortioFormatException>(() => FortioImport.Parse(text));

        Assert.Equal("RunType", error.Field);
        Assert.Contains("Fortio gRPC result", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP runner", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"RequestedQPS\": \"40\"", "\"RequestedQPS\": \"fast\"", "RequestedQPS")]
    [InlineData("\"URL\": \"http://localhost:8080\"", "\"URL\": \"tcp://localhost:8080\"", "URL")]
    [InlineData("\"200\": 4", "\"200\": 5", "RetCodes")]
    [InlineData("\"200\": 4", "\"abc\": 4", "RetCodes.abc")]
    [InlineData("\"Count\": 4,\n    \"Min\": 0.00027292", "\"Count\": 3,\n    \"Min\": 0.00027292", "DurationHistogram.Data")]
    [InlineData("\"ActualQPS\": 38.44836361217263", "\"ActualQPS\": \"38\"", "ActualQPS")]
    [InlineData("\"NumThreads\": 2", "\"NumThreads\": 0", "NumThreads")]
    public void A_broken_fortio_result_names_its_first_bad_field(string from, string to, string field)
    {
        var valid = Fixtures.Read("Fortio/http-rest-run.json");
        var text = valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(valid, text);

        var error = Assert.Throws<FortioFormatException>(() => FortioImport.Parse(text));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(null)]
    public async Task Export_then_import_keeps_the_figures(int? rps)
    {
        var result = await RunWithStatusesAsync(rps, closeSome: true);

        var imported = FortioImport.Parse(FortioExport.ToJson(result, "round trip"));

        Assert.Equal("round trip", imported.Labels);
        Assert.Equal(rps, imported.RequestedQps is { } q ? (int)q : null);
        Assert.Equal(result.ActualRps, imported.ActualQps);
        Assert.Equal(result.Latency.Count, imported.DurationHistogram.Count);
        Assert.Equal(result.ErrorCount, imported.RetCodes.GetValueOrDefault(-1));
        Assert.True(result.ErrorCount > 0, "the server closed some connections without answering");
        foreach (var (status, count) in result.StatusCodes)
            Assert.Equal(count, imported.RetCodes[status]);
        Assert.Equal(result.Latency.P50Ms, imported.PercentileMs(50), 6);
        Assert.Equal(result.Latency.P99Ms, imported.PercentileMs(99), 6);
        Assert.Equal(result.Latency.MaxMs / 1000, imported.DurationHistogram.Max, 9);
        Assert.Equal(result.ErrorLatency!.Count, imported.ErrorsDurationHistogram!.Count);
        Assert.Equal(rps is not null, imported.Uniform);

        var spec = FortioImport.ToLoadSpec(imported);
        Assert.Equal(result.Spec.Rps, spec.Rps);
        Assert.Equal(result.Spec.Requests, spec.Requests);
        Assert.Equal(result.Spec.Duration, spec.Duration);
        Assert.Equal(result.Spec.Connections, spec.Connections);
    }
}
