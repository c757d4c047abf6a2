using System.Buffers;

namespace Meshdock.Load.Http1;

/// <summary>
/// One connection's receive buffer and response parser: the caller receives into <see cref="FreeSpace"/> and reports
/// how much arrived; the body is skipped in place, and only an incomplete line is kept for the next receive.
/// Shared by both HTTP/1.1 engines (<see cref="Http1Sender"/> and <see cref="Meshdock.Load.EventLoop.SocketEventLoop"/>).
/// </summary>
internal sealed class Http1ResponseReader : IDisposable
{
    private const int InitialBuffer = 16 * 1024;
    private const int MaxHeaderBuffer = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private Http1ResponseParser _parser;
    private int _start;
    private int _end;

    /// <summary>Whether any byte of the current response has arrived.</summary>
    public bool AnyByte { get; private set; }

    public int StatusCode => _parser.StatusCode;

    /// <summary>Bytes of the current response parsed so far, interim responses and chunk framing included.</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>Bytes of the final response's status line and headers, up to and including the empty line.</summary>
    public long HeaderBytes => _parser.HeaderBytes;

    /// <summary>The server will close the connection after this response: do not reuse it.</summary>
    public bool CloseAfter => _parser.CloseAfter;

    public void Reset(bool headRequest)
    {
        _parser.Reset(headRequest);
        _start = _end = 0;
        AnyByte = false;
        ResponseBytes = 0;
    }

    /// <summary>Where the next bytes go; never empty.</summary>
    public Memory<byte> FreeSpace()
    {
        if (_end == _buffer.Length)
            MakeRoom();
        return _buffer.AsMemory(_end);
    }

    /// <summary>Parses <paramref name="count"/> bytes just received into <see cref="FreeSpace"/>; true when the response is complete.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid HTTP/1.x response.</exception>
    public bool OnReceived(int count)
    {
        AnyByte = true;
        _end += count;
        var parsed = _parser.Parse(_buffer.AsSpan(_start, _end - _start));
        _start += parsed;
        ResponseBytes += parsed;
        if (_parser.IsComplete)
            return true;
        if (_start == _end)
            _start = _end = 0;
        return false;
    }

    /// <summary>The server closed the connection: returns the status when that completed the response.</summary>
    /// <exception cref="ConnectionClosedException">The response was cut short, or never started.</exception>
    public int OnEndOfStream()
    {
        _parser.OnEndOfStream();
        if (_parser.IsComplete)
            return _parser.StatusCode;
        throw AnyByte
            ? new ConnectionClosedException("The server closed the connection in the middle of a response.", beforeResponse: false)
            : new ConnectionClosedException("The server closed the connection without answering.", beforeResponse: true);
    }

    /// <summary>Moves an incomplete line to the front of the buffer, or grows the buffer for a very long header.</summary>
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start == 0)
        {
            if (_buffer.Length >= MaxHeaderBuffer)
                throw new InvalidDataException($"The response has a header line longer than {MaxHeaderBuffer / 1024} KiB.");
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        (_start, _end) = (0, pending);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
