using System.Buffers.Binary;
using Meshdock.Load.Http2.Hpack;
using static Meshdock.Load.Http2.Http2Protocol;

namespace Meshdock.Load.Http2;

/// <summary>
/// One HTTP/2 connection's protocol state, without I/O: the driver (the epoll event loop for h2c, the async engine
/// for TLS and the open model) puts received bytes in <see cref="InputSpace"/>, calls <see cref="Received"/>, and
/// writes out <see cref="Output"/>. Streams are identified to the driver by slot (0 to streams - 1); a slot's request
/// goes out with <see cref="OpenStream"/> and its end is reported to the <see cref="IHttp2StreamOwner"/>.
/// Handles SETTINGS and their ACK, PING, flow control both ways with WINDOW_UPDATE, RST_STREAM, GOAWAY (streams the
/// server did not process are handed back for a retry) and CONTINUATION. Anything malformed from the server throws
/// <see cref="Http2ConnectionException"/> after queueing a GOAWAY that says why. Not thread-safe.
/// </summary>
internal sealed class Http2Session
{
    private const int InputCapacity = 4 * DefaultMaxFrameSize + FrameHeaderLength;
    private const int MaxHeaderBlock = 256 * 1024;

    /// <summary>How often one request may be handed back unprocessed before it counts as failed.</summary>
    internal const int MaxRetries = 3;

    private readonly Http2Request _request;
    private readonly IHttp2StreamOwner _owner;
    private readonly HpackDecoder _decoder = new();
    private readonly Http2ResponseHeaders _headers = new();
    private readonly Slot[] _slots;
    private readonly Dictionary<int, int> _slotById = [];
    private readonly byte[] _input = GC.AllocateUninitializedArray<byte>(InputCapacity, pinned: true);
    private byte[] _output = GC.AllocateUninitializedArray<byte>(16 * 1024, pinned: true);
    private byte[] _headerBlock = new byte[4096];
    private int _inputStart;
    private int _inputEnd;
    private int _outputStart;
    private int _outputEnd;

    private bool _settingsReceived;
    private int _nextStreamId;
    private int _lastOpened;
    private int _active;
    private int _goAwayLastStream;
    private Http2ErrorCode _goAwayCode;
    private bool _failed;
    private int _peerMaxConcurrent;
    private int _peerInitialWindow;
    private int _peerMaxFrameSize;
    private long _connectionSendWindow;
    private long _connectionReceived;
    private bool _useIndexing;
    private bool _tableShrinkPending;
    private bool _firstRequestSent;
    private int _headerBlockStream;
    private int _headerBlockLength;
    private bool _headerBlockEndsStream;

    private struct Slot
    {
        public int StreamId;
        public bool Active;
        public bool HaveFinalHeaders;
        public int BodySent;
        public long SendWindow;
        public long Received;
        public int Status;
        public int GrpcStatus;
    }

    public Http2Session(Http2Request request, int streams, IHttp2StreamOwner owner)
    {
        _request = request;
        _owner = owner;
        _slots = new Slot[streams];
        Reset();
    }

    /// <summary>Streams open now.</summary>
    public int Active => _active;

    /// <summary>Whether a new stream may start on this connection (no GOAWAY, under the server's stream limit).</summary>
    public bool CanOpenStream => !_failed && _goAwayLastStream == int.MaxValue && _nextStreamId > 0 && _active < _peerMaxConcurrent;

    /// <summary>The server sent GOAWAY (or the stream ids ran out): finish what is open, then connect anew.</summary>
    public bool Draining => _failed || _goAwayLastStream != int.MaxValue || _nextStreamId < 0;

    public bool IsActive(int slot) => _slots[slot].Active;

    /// <summary>Bytes waiting to be written.</summary>
    public ReadOnlySpan<byte> Output => _output.AsSpan(_outputStart, _outputEnd - _outputStart);

    public Memory<byte> OutputMemory => _output.AsMemory(_outputStart, _outputEnd - _outputStart);

    public bool HasOutput => _outputEnd > _outputStart;

    public void Consumed(int bytes)
    {
        _outputStart += bytes;
        if (_outputStart == _outputEnd)
            _outputStart = _outputEnd = 0;
    }

    /// <summary>Room for received bytes (at least one whole frame of the size this side allows).</summary>
    public Memory<byte> InputSpace
    {
        get
        {
            if (_inputStart > 0 && (_inputEnd == _inputStart || _input.Length - _inputEnd < DefaultMaxFrameSize + FrameHeaderLength))
            {
                _input.AsSpan(_inputStart, _inputEnd - _inputStart).CopyTo(_input);
                _inputEnd -= _inputStart;
                _inputStart = 0;
            }
            return _input.AsMemory(_inputEnd);
        }
    }

    /// <summary>Starts over for a new connection: the preface, SETTINGS and the connection window go out first.</summary>
    public void Reset()
    {
        _inputStart = _inputEnd = _outputStart = _outputEnd = 0;
        _settingsReceived = false;
        _nextStreamId = 1;
        _lastOpened = 0;
        _active = 0;
        _goAwayLastStream = int.MaxValue;
        _goAwayCode = Http2ErrorCode.NoError;
        _failed = false;
        _peerMaxConcurrent = int.MaxValue;
        _peerInitialWindow = DefaultWindow;
        _peerMaxFrameSize = DefaultMaxFrameSize;
        _connectionSendWindow = DefaultWindow;
        _connectionReceived = 0;
        _useIndexing = _request.TableSize <= 4096;
        _tableShrinkPending = false;
        _firstRequestSent = false;
        _headerBlockStream = 0;
        _slotById.Clear();
        for (var i = 0; i < _slots.Length; i++)
            _slots[i] = default;
        _decoder.Table.Resize(0);
        _decoder.Table.Resize(4096);

        Preface.CopyTo(Reserve(Preface.Length));
        _outputEnd += Preface.Length;
        var settings = WriteFrameHeader(12, Settings, 0, 0);
        WriteSetting(settings, SettingsEnablePush, 0);
        WriteSetting(settings[6..], SettingsInitialWindowSize, LocalWindow);
        _outputEnd += 12;
        WriteWindowUpdate(0, LocalWindow - DefaultWindow);
    }

    /// <summary>Sends slot <paramref name="slot"/>'s request on a new stream. Check <see cref="CanOpenStream"/> first.</summary>
    public void OpenStream(int slot)
    {
        var id = _nextStreamId;
        _nextStreamId = id >= int.MaxValue - 2 ? -1 : id + 2;
        _lastOpened = id;
        ref var s = ref _slots[slot];
        s = new Slot { StreamId = id, Active = true, SendWindow = _peerInitialWindow, GrpcStatus = -1 };
        _slotById[id] = slot;
        _active++;

        byte[] block;
        if (_tableShrinkPending)
        {
            block = _request.ShrinkBlock;
            _tableShrinkPending = false;
        }
        else if (!_useIndexing)
        {
            block = _request.PlainBlock;
        }
        else
        {
            block = _firstRequestSent ? _request.RepeatBlock : _request.FirstBlock;
        }
        _firstRequestSent = true;
        var endStream = _request.HasBody ? (byte)0 : EndStream;
        var first = Math.Min(block.Length, _peerMaxFrameSize);
        WriteFrameHeader(first, Headers, (byte)(endStream | (first == block.Length ? EndHeaders : 0)), id);
        Append(block.AsSpan(0, first));
        for (var at = first; at < block.Length;)
        {
            var length = Math.Min(block.Length - at, _peerMaxFrameSize);
            WriteFrameHeader(length, Continuation, at + length == block.Length ? EndHeaders : (byte)0, id);
            Append(block.AsSpan(at, length));
            at += length;
        }
        if (_request.HasBody)
            SendBody(slot);
    }

    /// <summary>Gives up on a stream (its request timed out): RST_STREAM(CANCEL); later frames on it are ignored.</summary>
    public void CancelStream(int slot)
    {
        ref var s = ref _slots[slot];
        if (!s.Active)
            return;
        WriteRstStream(s.StreamId, Http2ErrorCode.Cancel);
        Close(slot);
    }

    /// <summary>
    /// The connection ended (closed, reset, or failed here): every open stream ends with <paramref name="failure"/>,
    /// except those a GOAWAY said the server never processed, which are handed back for a retry.
    /// </summary>
    public void EndAll(Exception failure)
    {
        _failed = true;
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (!_slots[slot].Active)
                continue;
            var unprocessed = _slots[slot].StreamId > _goAwayLastStream;
            Close(slot);
            _owner.OnStreamEnded(slot, new Http2Outcome(0, -1, failure, unprocessed));
        }
    }

    /// <summary>Parses the frames now complete in the input.</summary>
    /// <exception cref="Http2ConnectionException">The server broke the protocol; a GOAWAY is queued.</exception>
    public void Received(int bytes)
    {
        _inputEnd += bytes;
        try
        {
            while (_inputEnd - _inputStart >= FrameHeaderLength)
            {
                var header = _input.AsSpan(_inputStart, FrameHeaderLength);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                if (length > DefaultMaxFrameSize)
                    throw Error(Http2ErrorCode.FrameSizeError, $"a frame of {length} bytes exceeds the {DefaultMaxFrameSize} this client allows");
                if (_inputEnd - _inputStart < FrameHeaderLength + length)
                    break;
                var type = header[3];
                var flags = header[4];
                var stream = BinaryPrimitives.ReadInt32BigEndian(header[5..]) & int.MaxValue;
                var payload = _input.AsSpan(_inputStart + FrameHeaderLength, length);
                _inputStart += FrameHeaderLength + length;
                OnFrame(type, flags, stream, payload);
            }
            if (_inputStart == _inputEnd)
                _inputStart = _inputEnd = 0;
        }
        catch (HpackException e)
        {
            throw Error(Http2ErrorCode.CompressionError, $"a header block could not be decoded: {e.Message}");
        }
    }

    private void OnFrame(byte type, byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        if (_headerBlockStream != 0 && (type != Continuation || stream != _headerBlockStream))
            throw Error(Http2ErrorCode.ProtocolError, "a header block was interrupted by another frame before its END_HEADERS");
        if (!_settingsReceived && type != Settings)
            throw Error(Http2ErrorCode.ProtocolError, "the server's first frame is not SETTINGS");
        switch (type)
        {
            case Data:
                OnData(flags, stream, payload);
                break;
            case Headers:
                OnHeaders(flags, stream, payload);
                break;
            case Continuation:
                if (_headerBlockStream == 0)
                    throw Error(Http2ErrorCode.ProtocolError, "a CONTINUATION frame follows no HEADERS");
                AppendHeaderBlock(payload);
                if ((flags & EndHeaders) != 0)
                    EndHeaderBlock();
                break;
            case Settings:
                OnSettings(flags, stream, payload);
                break;
            case Ping:
                if (stream != 0)
                    throw Error(Http2ErrorCode.ProtocolError, "a PING frame names a stream");
                if (payload.Length != 8)
                    throw Error(Http2ErrorCode.FrameSizeError, $"a PING frame has {payload.Length} bytes instead of 8");
                if ((flags & Ack) == 0)
                {
                    WriteFrameHeader(8, Ping, Ack, 0);
                    Append(payload);
                }
                break;
            case WindowUpdate:
                OnWindowUpdate(stream, payload);
                break;
            case RstStream:
                if (stream == 0)
                    throw Error(Http2ErrorCode.ProtocolError, "an RST_STREAM frame names stream 0");
                if (payload.Length != 4)
                    throw Error(Http2ErrorCode.FrameSizeError, $"an RST_STREAM frame has {payload.Length} bytes instead of 4");
                CheckKnown(stream, "RST_STREAM");
                if (_slotById.TryGetValue(stream, out var slot))
                {
                    var code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload);
                    Close(slot);
                    _owner.OnStreamEnded(slot, new Http2Outcome(0, -1,
                        new Http2StreamException(code, $"The server reset the stream ({Name(code)})."), code == Http2ErrorCode.RefusedStream));
                }
                break;
            case GoAway:
                OnGoAway(stream, payload);
                break;
            case Priority:
                if (payload.Length != 5)
                    throw Error(Http2ErrorCode.FrameSizeError, $"a PRIORITY frame has {payload.Length} bytes instead of 5");
                break;
            case PushPromise:
                throw Error(Http2ErrorCode.ProtocolError, "the server sent PUSH_PROMISE although this client disabled push");
            default:
                break; // unknown frame types are ignored (RFC 9113 4.1)
        }
    }

    private void OnSettings(byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        if (stream != 0)
            throw Error(Http2ErrorCode.ProtocolError, "a SETTINGS frame names a stream");
        if ((flags & Ack) != 0)
        {
            if (payload.Length != 0)
                throw Error(Http2ErrorCode.FrameSizeError, "a SETTINGS acknowledgement has a payload");
            return;
        }
        if (payload.Length % 6 != 0)
            throw Error(Http2ErrorCode.FrameSizeError, $"a SETTINGS frame has {payload.Length} bytes, not a multiple of 6");
        _settingsReceived = true;
        for (var at = 0; at < payload.Length; at += 6)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 2)..]);
            switch (id)
            {
                case SettingsHeaderTableSize:
                    // The server's decoder allows this much table: index fields only if ours fit, and signal the
                    // change (RFC 7541 4.2) if the server allows less than the 4096 assumed until now.
                    if (value < 4096)
                        _tableShrinkPending = true;
                    if (value < _request.TableSize || value < 4096)
                        _useIndexing = false;
                    break;
                case SettingsEnablePush when value > 1:
                    throw Error(Http2ErrorCode.ProtocolError, $"SETTINGS_ENABLE_PUSH is {value}");
                case SettingsMaxConcurrentStreams:
                    _peerMaxConcurrent = (int)Math.Min(value, int.MaxValue);
                    break;
                case SettingsInitialWindowSize:
                    if (value > MaxWindow)
                        throw Error(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE {value} exceeds 2^31-1");
                    var delta = (long)value - _peerInitialWindow;
                    _peerInitialWindow = (int)value;
                    for (var slot = 0; slot < _slots.Length; slot++)
                        if (_slots[slot].Active)
                            _slots[slot].SendWindow += delta;
                    break;
                case SettingsMaxFrameSize:
                    if (value < DefaultMaxFrameSize || value > MaxFrameSizeLimit)
                        throw Error(Http2ErrorCode.ProtocolError, $"SETTINGS_MAX_FRAME_SIZE {value} is outside 16384 to 16777215");
                    _peerMaxFrameSize = (int)value;
                    break;
            }
        }
        WriteFrameHeader(0, Settings, Ack, 0);
        ResumeBodies();
    }

    private void OnWindowUpdate(int stream, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
            throw Error(Http2ErrorCode.FrameSizeError, $"a WINDOW_UPDATE frame has {payload.Length} bytes instead of 4");
        var increment = BinaryPrimitives.ReadUInt32BigEndian(payload) & int.MaxValue;
        if (stream == 0)
        {
            if (increment == 0)
                throw Error(Http2ErrorCode.ProtocolError, "a WINDOW_UPDATE of 0 for the connection");
            _connectionSendWindow += increment;
            if (_connectionSendWindow > MaxWindow)
                throw Error(Http2ErrorCode.FlowControlError, "a WINDOW_UPDATE takes the connection window past 2^31-1");
            ResumeBodies();
            return;
        }
        CheckKnown(stream, "WINDOW_UPDATE");
        if (!_slotById.TryGetValue(stream, out var slot))
            return;
        if (increment == 0 || _slots[slot].SendWindow + increment > MaxWindow)
        {
            FailStream(slot, Http2ErrorCode.FlowControlError, increment == 0
                ? "The server sent a WINDOW_UPDATE of 0 for the stream."
                : "The server's WINDOW_UPDATE takes the stream window past 2^31-1.");
            return;
        }
        _slots[slot].SendWindow += increment;
        if (_request.HasBody)
            SendBody(slot);
    }

    private void OnGoAway(int stream, ReadOnlySpan<byte> payload)
    {
        if (stream != 0)
            throw Error(Http2ErrorCode.ProtocolError, "a GOAWAY frame names a stream");
        if (payload.Length < 8)
            throw Error(Http2ErrorCode.FrameSizeError, $"a GOAWAY frame has {payload.Length} bytes, fewer than 8");
        var last = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        _goAwayCode = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        // A server may send several GOAWAYs, each with a lower last stream id (Kestrel first sends 2^31-1).
        _goAwayLastStream = Math.Min(_goAwayLastStream, last);
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot].Active && _slots[slot].StreamId > _goAwayLastStream)
            {
                Close(slot);
                _owner.OnStreamEnded(slot, new Http2Outcome(0, -1,
                    new Http2StreamException(_goAwayCode, $"The server closed the connection with GOAWAY ({Name(_goAwayCode)}) before the request."), Retry: true));
            }
        }
    }

    private void OnData(byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        if (stream == 0)
            throw Error(Http2ErrorCode.ProtocolError, "a DATA frame names stream 0");
        CheckKnown(stream, "DATA");
        // The whole frame, padding included, counts against both windows; give it back once half is used.
        _connectionReceived += payload.Length;
        if (_connectionReceived > LocalWindow)
            throw Error(Http2ErrorCode.FlowControlError, "the server sent more DATA than the connection window allows");
        if (_connectionReceived >= LocalWindow / 2)
        {
            WriteWindowUpdate(0, (int)_connectionReceived);
            _connectionReceived = 0;
        }
        Unpad(flags, payload); // checks the padding; the data itself is not kept
        if (!_slotById.TryGetValue(stream, out var slot))
            return;
        ref var s = ref _slots[slot];
        if (!s.HaveFinalHeaders)
        {
            FailStream(slot, Http2ErrorCode.ProtocolError, "The server sent DATA before the response headers.");
            return;
        }
        s.Received += payload.Length;
        if (s.Received > LocalWindow)
        {
            FailStream(slot, Http2ErrorCode.FlowControlError, "The server sent more DATA than the stream window allows.");
            return;
        }
        if ((flags & EndStream) != 0)
        {
            Complete(slot);
        }
        else if (s.Received >= LocalWindow / 2)
        {
            WriteWindowUpdate(stream, (int)s.Received);
            s.Received = 0;
        }
    }

    private void OnHeaders(byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        if (stream == 0)
            throw Error(Http2ErrorCode.ProtocolError, "a HEADERS frame names stream 0");
        if ((stream & 1) == 0 || stream > _lastOpened)
            throw Error(Http2ErrorCode.ProtocolError, $"a HEADERS frame names stream {stream}, which this client never opened");
        var fragment = Unpad(flags, payload);
        if ((flags & PriorityFlag) != 0)
        {
            if (fragment.Length < 5)
                throw Error(Http2ErrorCode.FrameSizeError, "a HEADERS frame is too short for its priority fields");
            fragment = fragment[5..];
        }
        _headerBlockStream = stream;
        _headerBlockLength = 0;
        _headerBlockEndsStream = (flags & EndStream) != 0;
        AppendHeaderBlock(fragment);
        if ((flags & EndHeaders) != 0)
            EndHeaderBlock();
    }

    private void AppendHeaderBlock(ReadOnlySpan<byte> fragment)
    {
        var needed = _headerBlockLength + fragment.Length;
        if (needed > MaxHeaderBlock)
            throw Error(Http2ErrorCode.EnhanceYourCalm, $"a header block exceeds {MaxHeaderBlock} bytes");
        if (needed > _headerBlock.Length)
            Array.Resize(ref _headerBlock, Math.Max(needed, _headerBlock.Length * 2));
        fragment.CopyTo(_headerBlock.AsSpan(_headerBlockLength));
        _headerBlockLength = needed;
    }

    /// <summary>A complete header block: decoded even for a stream given up on, as it may change the dynamic table.</summary>
    private void EndHeaderBlock()
    {
        var stream = _headerBlockStream;
        _headerBlockStream = 0;
        _headers.Reset();
        _decoder.Decode(_headerBlock.AsSpan(0, _headerBlockLength), _headers);
        if (!_slotById.TryGetValue(stream, out var slot))
            return;
        ref var s = ref _slots[slot];
        if (!s.HaveFinalHeaders)
        {
            if (_headers.Malformed || _headers.Status < 100)
            {
                FailStream(slot, Http2ErrorCode.ProtocolError, "The server's response has no valid :status.");
                return;
            }
            if (_headers.Status < 200)
            {
                if (_headerBlockEndsStream)
                    FailStream(slot, Http2ErrorCode.ProtocolError, $"The server ended the stream with an informational {_headers.Status} response.");
                return; // 1xx: the final response follows
            }
            s.HaveFinalHeaders = true;
            s.Status = _headers.Status;
        }
        else if (!_headerBlockEndsStream)
        {
            FailStream(slot, Http2ErrorCode.ProtocolError, "The server sent trailers without ending the stream.");
            return;
        }
        // gRPC's status comes in the trailers, or in the headers of a trailers-only response.
        if (_headers.GrpcStatus >= 0)
            s.GrpcStatus = _headers.GrpcStatus;
        if (_headerBlockEndsStream)
            Complete(slot);
    }

    private void Complete(int slot)
    {
        var s = _slots[slot];
        var bodyPending = _request.HasBody && s.BodySent < _request.Body!.Length;
        Close(slot);
        if (bodyPending)
            WriteRstStream(s.StreamId, Http2ErrorCode.NoError); // answered before the whole body went: stop sending it
        _owner.OnStreamEnded(slot, new Http2Outcome(s.Status, s.GrpcStatus, null, false));
    }

    /// <summary>A stream error (RFC 9113 5.4.2): that stream is reset and fails; the connection goes on.</summary>
    private void FailStream(int slot, Http2ErrorCode code, string message)
    {
        WriteRstStream(_slots[slot].StreamId, code);
        Close(slot);
        _owner.OnStreamEnded(slot, new Http2Outcome(0, -1, new Http2StreamException(code, message), false));
    }

    private void Close(int slot)
    {
        ref var s = ref _slots[slot];
        if (!s.Active)
            return;
        _slotById.Remove(s.StreamId);
        s.Active = false;
        _active--;
    }

    private void CheckKnown(int stream, string frame)
    {
        if (stream > _lastOpened)
            throw Error(Http2ErrorCode.ProtocolError, $"a {frame} frame names stream {stream}, which this client never opened");
    }

    private ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & Padded) == 0)
            return payload;
        if (payload.IsEmpty || payload[0] >= payload.Length)
            throw Error(Http2ErrorCode.ProtocolError, "a frame's padding is as long as the frame");
        return payload[1..^payload[0]];
    }

    private void ResumeBodies()
    {
        if (!_request.HasBody)
            return;
        for (var slot = 0; slot < _slots.Length && _connectionSendWindow > 0; slot++)
            if (_slots[slot].Active)
                SendBody(slot);
    }

    /// <summary>Sends as much of the body as both send windows allow; the rest waits for WINDOW_UPDATEs.</summary>
    private void SendBody(int slot)
    {
        var body = _request.Body!;
        ref var s = ref _slots[slot];
        while (s.Active && s.BodySent < body.Length)
        {
            var length = (int)Math.Min(Math.Min(body.Length - s.BodySent, _peerMaxFrameSize), Math.Min(s.SendWindow, _connectionSendWindow));
            if (length <= 0)
                return;
            var last = s.BodySent + length == body.Length;
            WriteFrameHeader(length, Data, last ? EndStream : (byte)0, s.StreamId);
            Append(body.AsSpan(s.BodySent, length));
            s.BodySent += length;
            s.SendWindow -= length;
            _connectionSendWindow -= length;
        }
    }

    private Http2ConnectionException Error(Http2ErrorCode code, string message)
    {
        if (!_failed)
        {
            var frame = WriteFrameHeader(8, GoAway, 0, 0);
            BinaryPrimitives.WriteInt32BigEndian(frame, 0); // this client processed no stream of the server's
            BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)code);
            _outputEnd += 8;
        }
        _failed = true;
        return new Http2ConnectionException(code, $"The server broke the HTTP/2 protocol ({Name(code)}): {message}.");
    }

    internal static string Name(Http2ErrorCode code) => code switch
    {
        Http2ErrorCode.NoError => "NO_ERROR",
        Http2ErrorCode.ProtocolError => "PROTOCOL_ERROR",
        Http2ErrorCode.InternalError => "INTERNAL_ERROR",
        Http2ErrorCode.FlowControlError => "FLOW_CONTROL_ERROR",
        Http2ErrorCode.SettingsTimeout => "SETTINGS_TIMEOUT",
        Http2ErrorCode.StreamClosed => "STREAM_CLOSED",
        Http2ErrorCode.FrameSizeError => "FRAME_SIZE_ERROR",
        Http2ErrorCode.RefusedStream => "REFUSED_STREAM",
        Http2ErrorCode.Cancel => "CANCEL",
        Http2ErrorCode.CompressionError => "COMPRESSION_ERROR",
        Http2ErrorCode.ConnectError => "CONNECT_ERROR",
        Http2ErrorCode.EnhanceYourCalm => "ENHANCE_YOUR_CALM",
        Http2ErrorCode.InadequateSecurity => "INADEQUATE_SECURITY",
        Http2ErrorCode.Http11Required => "HTTP_1_1_REQUIRED",
        _ => $"error 0x{(uint)code:x}",
    };

    private void WriteWindowUpdate(int stream, int increment)
    {
        var payload = WriteFrameHeader(4, WindowUpdate, 0, stream);
        BinaryPrimitives.WriteInt32BigEndian(payload, increment);
        _outputEnd += 4;
    }

    private void WriteRstStream(int stream, Http2ErrorCode code)
    {
        var payload = WriteFrameHeader(4, RstStream, 0, stream);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)code);
        _outputEnd += 4;
    }

    private static void WriteSetting(Span<byte> at, ushort id, int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, id);
        BinaryPrimitives.WriteInt32BigEndian(at[2..], value);
    }

    /// <summary>Writes a frame header and returns the room for its payload; payload bytes written there are
    /// committed by advancing <c>_outputEnd</c> (or with <see cref="Append"/>).</summary>
    private Span<byte> WriteFrameHeader(int length, byte type, byte flags, int stream)
    {
        var span = Reserve(FrameHeaderLength + length);
        span[0] = (byte)(length >> 16);
        span[1] = (byte)(length >> 8);
        span[2] = (byte)length;
        span[3] = type;
        span[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(span[5..], stream);
        _outputEnd += FrameHeaderLength;
        return span.Slice(FrameHeaderLength, length);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _outputEnd += bytes.Length;
    }

    private Span<byte> Reserve(int length)
    {
        if (_output.Length - _outputEnd < length)
        {
            var pending = _outputEnd - _outputStart;
            var target = _output.Length - pending >= length ? _output : GC.AllocateUninitializedArray<byte>(Math.Max(_output.Length * 2, pending + length), pinned: true);
            _output.AsSpan(_outputStart, pending).CopyTo(target);
            _output = target;
            _outputStart = 0;
            _outputEnd = pending;
        }
        return _output.AsSpan(_outputEnd, length);
    }
}
