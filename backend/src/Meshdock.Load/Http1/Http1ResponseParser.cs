using System.Buffers.Text;
using System.Text;

namespace Meshdock.Load.Http1;

/// <summary>
/// A minimal incremental HTTP/1.1 response parser: status line, the three headers that frame a response
/// (Content-Length, Transfer-Encoding: chunked, Connection), and a body it skips without copying.
/// Feed it what arrived; it consumes whole lines only, so the caller keeps unconsumed bytes for the next call.
/// </summary>
internal struct Http1ResponseParser
{
    private enum State { StatusLine, Headers, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done }

    private State _state;
    private long _remaining;
    private bool _chunked;
    private bool _headRequest;
    private bool _http10;
    private bool _keepAliveHeader;
    private bool _sawContentLength;

    public int StatusCode { get; private set; }

    /// <summary>Bytes of the status line and headers so far, line ends and the closing empty line included.</summary>
    public long HeaderBytes { get; private set; }

    /// <summary>The server will close (or the response is delimited by the close): do not reuse the connection.</summary>
    public bool CloseAfter { get; private set; }

    public readonly bool IsComplete => _state == State.Done;

    /// <summary>True while the body runs until the server closes the connection (no length, not chunked).</summary>
    public readonly bool ReadsUntilClose => _state == State.UntilClose;

    public void Reset(bool headRequest)
    {
        this = default;
        _headRequest = headRequest;
    }

    /// <summary>The server closed the connection; completes a body that runs until close.</summary>
    public void OnEndOfStream()
    {
        if (_state == State.UntilClose)
            _state = State.Done;
    }

    /// <summary>Consumes as much of <paramref name="data"/> as can be parsed; returns the number of bytes used.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid HTTP/1.x response.</exception>
    public int Parse(ReadOnlySpan<byte> data)
    {
        var consumed = 0;
        while (_state != State.Done)
        {
            var rest = data[consumed..];
            switch (_state)
            {
                case State.FixedBody:
                case State.ChunkData:
                {
                    var take = (int)Math.Min(_remaining, rest.Length);
                    consumed += take;
                    _remaining -= take;
                    if (_remaining > 0)
                        return consumed;
                    _state = _state == State.FixedBody ? State.Done : State.ChunkDataEnd;
                    continue;
                }
                case State.UntilClose:
                    return data.Length;
            }

            var lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0)
                return consumed;
            var line = rest[..lineEnd];
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            consumed += lineEnd + 1;

            if (_state is State.StatusLine or State.Headers)
                HeaderBytes += lineEnd + 1;
            switch (_state)
            {
                case State.StatusLine:
                    ParseStatusLine(line);
                    break;
                case State.Headers:
                    if (line.Length == 0)
                        EndOfHeaders();
                    else
                        ParseHeader(line);
                    break;
                case State.ChunkSize:
                    ParseChunkSize(line);
                    break;
                case State.ChunkDataEnd:
                    if (line.Length != 0)
                        throw new InvalidDataException("A chunk of the response body was not followed by CRLF.");
                    _state = State.ChunkSize;
                    break;
                case State.Trailers:
                    if (line.Length == 0)
                        _state = State.Done;
                    break;
            }
        }
        return consumed;
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.1 200 OK": the version is 8 bytes, the status three digits after one space.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) || used != 3 || status < 100)
            throw new InvalidDataException($"The response does not start with an HTTP/1.x status line: '{Printable(line)}'.");
        _http10 = line[7] == '0';
        StatusCode = status;
        _state = State.Headers;
    }

    private void ParseHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
            throw new InvalidDataException($"The response has a malformed header line: '{Printable(line)}'.");
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                throw new InvalidDataException($"The response has an invalid Content-Length: '{Printable(value)}'.");
            _remaining = length;
            _sawContentLength = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            _chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            if (ContainsToken(value, "close"u8))
                CloseAfter = true;
            if (ContainsToken(value, "keep-alive"u8))
                _keepAliveHeader = true;
        }
    }

    private void EndOfHeaders()
    {
        if (_http10 && !_keepAliveHeader)
            CloseAfter = true;
        if (StatusCode is >= 100 and < 200)
        {
            // An interim response (100 Continue, 103 Early Hints): the real one follows.
            var head = _headRequest;
            Reset(head);
            return;
        }
        if (_headRequest || StatusCode is 204 or 304)
            _state = State.Done;
        else if (_chunked)
            _state = State.ChunkSize;
        else if (_sawContentLength)
            _state = _remaining > 0 ? State.FixedBody : State.Done;
        else
        {
            // No length and not chunked: the body runs until the server closes the connection.
            _state = State.UntilClose;
            CloseAfter = true;
        }
    }

    private void ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var hex = (semicolon >= 0 ? line[..semicolon] : line).Trim(" \t"u8);
        if (!Utf8Parser.TryParse(hex, out long size, out var used, 'x') || used != hex.Length || size < 0)
            throw new InvalidDataException($"The response has an invalid chunk size: '{Printable(line)}'.");
        if (size == 0)
        {
            _state = State.Trailers;
            return;
        }
        _remaining = size;
        _state = State.ChunkData;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
                return true;
        return false;
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 80)]);
}
