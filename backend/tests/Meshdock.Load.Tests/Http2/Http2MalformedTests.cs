using System.Diagnostics;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests.Http2;

/// <summary>
/// A server that breaks HTTP/2 ends its connection with an error counted for each request on it: the run goes on
/// (on new connections) and finishes, never hanging until the timeout and never crashing.
/// </summary>
public sealed class Http2MalformedTests
{
    private static readonly byte[] Ok = [.. RawHttp2Server.Frame(0x1, 0x5, 1, 0x88)]; // :status 200, END_STREAM

    public static TheoryData<string, string, string> Cases => new()
    {
        { "event-loop", "oversized frame", "FRAME_SIZE_ERROR" },
        { "async", "oversized frame", "FRAME_SIZE_ERROR" },
        { "event-loop", "bad HPACK index", "COMPRESSION_ERROR" },
        { "async", "bad HPACK index", "COMPRESSION_ERROR" },
        { "event-loop", "no SETTINGS first", "PROTOCOL_ERROR" },
        { "event-loop", "SETTINGS of 7 bytes", "FRAME_SIZE_ERROR" },
        { "event-loop", "PING of 4 bytes", "FRAME_SIZE_ERROR" },
        { "event-loop", "HEADERS for an unopened stream", "PROTOCOL_ERROR" },
        { "event-loop", "CONTINUATION without HEADERS", "PROTOCOL_ERROR" },
        { "event-loop", "padding longer than the frame", "PROTOCOL_ERROR" },
    };

    private static byte[] Reply(string what, int stream) => what switch
    {
        "oversized frame" => [.. RawHttp2Server.EmptySettings, 0x00, 0x50, 0x00, 0x0, 0x0, 0, 0, 0, (byte)stream],
        "bad HPACK index" => [.. RawHttp2Server.EmptySettings, .. RawHttp2Server.Frame(0x1, 0x5, stream, 0xFF, 0x40)],
        "no SETTINGS first" => Ok,
        "SETTINGS of 7 bytes" => RawHttp2Server.Frame(0x4, 0, 0, 0, 3, 0, 0, 0, 100, 0),
        "PING of 4 bytes" => [.. RawHttp2Server.EmptySettings, .. RawHttp2Server.Frame(0x6, 0, 0, 1, 2, 3, 4)],
        "HEADERS for an unopened stream" => [.. RawHttp2Server.EmptySettings, .. RawHttp2Server.Frame(0x1, 0x5, stream + 2, 0x88)],
        "CONTINUATION without HEADERS" => [.. RawHttp2Server.EmptySettings, .. RawHttp2Server.Frame(0x9, 0x4, stream, 0x88)],
        "padding longer than the frame" => [.. RawHttp2Server.EmptySettings, .. RawHttp2Server.Frame(0x0, 0x9, stream, 5, 1, 2)],
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_protocol_error_is_a_counted_error_on_each_request(string engine, string what, string code)
    {
        await using var server = new RawHttp2Server(stream => Reply(what, stream));
        var spec = Specs.For(server.Url, connections: 1, requests: 5) with { Protocol = HttpProtocol.Http2, Timeout = TimeSpan.FromSeconds(10) };

        var clock = Stopwatch.StartNew();
        var result = await Engines.RunAsync(engine, spec);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the run took {clock.Elapsed}");
        Assert.Equal(5, result.Requests);
        Assert.Equal(0, result.Responses);
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Count);
        Assert.NotEqual(ErrorKind.Timeout, error.Kind);
        Assert.Contains(code, error.FirstMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event-loop")]
    [InlineData("async")]
    public async Task Ping_is_acknowledged_and_a_well_formed_answer_counts(string engine)
    {
        byte[] ping = RawHttp2Server.Frame(0x6, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        await using var server = new RawHttp2Server(stream => [.. RawHttp2Server.EmptySettings, .. ping, .. RawHttp2Server.Frame(0x1, 0x5, stream, 0x88)]);
        var spec = Specs.For(server.Url, connections: 1, requests: 20) with { Protocol = HttpProtocol.Http2 };

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.StatusCodes[200]);
        Assert.Equal(20, server.Requests);
    }
}
