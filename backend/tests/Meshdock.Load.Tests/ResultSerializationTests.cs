using System.Text.Json;
using Meshdock.Load.Histograms;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests;

/// <summary>The server stores results as JSON (camelCase, enums as strings): a stored result must read back whole.</summary>
public sealed class ResultSerializationTests
{
    [Fact]
    public async Task A_result_round_trips_through_web_json()
    {
        await using var server = RawHttpServer.Start(r => r.Number % 5 == 0
            ? new Reply { Bytes = "HTTP/1.1 404 Nope\r\nContent-Length: 0\r\n\r\n"u8.ToArray() }
            : Reply.Ok());
        var result = await LoadRunner.RunAsync(Specs.For(server.Url, connections: 2, requests: 100, rps: 1000));
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        var json = JsonSerializer.Serialize(result, options);
        var back = JsonSerializer.Deserialize<LoadResult>(json, options)!;

        Assert.Equal(JsonSerializer.Serialize(back, options), json);
        Assert.Equal(20, back.StatusCodes[404]);
        Assert.Equal(100, back.Requests);
        Assert.Equal(result.Latency.P99Ms, back.Latency.P99Ms);
        Assert.Equal(100, HistogramCodec.Decode(back.Latency.Histogram).TotalCount);
        Assert.Contains("\"model\":\"Open\"", json, StringComparison.Ordinal);
    }
}
