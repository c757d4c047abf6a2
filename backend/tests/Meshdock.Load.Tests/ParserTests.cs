using System.Text;
using Meshdock.Load.Http1;

namespace Meshdock.Load.Tests;

public sealed class ParserTests
{
    private const string Chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: keep-alive\r\n\r\n" +
        "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void A_chunked_response_split_anywhere_is_parsed_to_its_end(int pieceSize)
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked + "EXTRA");
        var parser = new Http1ResponseParser();
        parser.Reset(headRequest: false);
        var pending = new List<byte>();
        var offset = 0;
        while (!parser.IsComplete)
        {
            pending.AddRange(bytes.Skip(offset).Take(pieceSize));
            offset += pieceSize;
            var used = parser.Parse(pending.ToArray());
            pending.RemoveRange(0, used);
        }
        Assert.Equal(200, parser.StatusCode);
        Assert.False(parser.CloseAfter);
        Assert.Equal(Chunked.Length, offset - pending.Count - Math.Max(0, offset - bytes.Length));
    }

    [Fact]
    public void Interim_responses_are_skipped()
    {
        var parser = new Http1ResponseParser();
        parser.Reset(headRequest: false);
        var used = parser.Parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8);
        Assert.True(parser.IsComplete);
        Assert.Equal(201, parser.StatusCode);
        Assert.True(parser.CloseAfter);
        Assert.Equal(89, used);
    }

    [Fact]
    public void A_head_response_has_no_body_despite_its_content_length()
    {
        var parser = new Http1ResponseParser();
        parser.Reset(headRequest: true);
        parser.Parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"u8);
        Assert.True(parser.IsComplete);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    public void Garbage_is_rejected_with_a_message(string response)
    {
        var parser = new Http1ResponseParser();
        parser.Reset(headRequest: false);
        var error = Assert.Throws<InvalidDataException>(() => parser.Parse(Encoding.ASCII.GetBytes(response)));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
