namespace Meshdock.Load.Http2;

/// <summary>Frame types, flags, settings and error codes of RFC 9113.</summary>
internal static class Http2Protocol
{
    public const int FrameHeaderLength = 9;
    public const int DefaultMaxFrameSize = 16_384;
    public const int MaxFrameSizeLimit = (1 << 24) - 1;
    public const int DefaultWindow = 65_535;
    public const int MaxWindow = int.MaxValue;

    /// <summary>The window this client gives each stream and the connection (as h2load's default, 2^30 - 1): flow
    /// control never holds a response back, and updates are rare.</summary>
    public const int LocalWindow = (1 << 30) - 1;

    public static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public const byte Data = 0x0, Headers = 0x1, Priority = 0x2, RstStream = 0x3, Settings = 0x4, PushPromise = 0x5, Ping = 0x6,
        GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;

    public const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, PriorityFlag = 0x20;

    public const ushort SettingsHeaderTableSize = 0x1, SettingsEnablePush = 0x2, SettingsMaxConcurrentStreams = 0x3,
        SettingsInitialWindowSize = 0x4, SettingsMaxFrameSize = 0x5, SettingsMaxHeaderListSize = 0x6;
}

/// <summary>HTTP/2 error codes (RFC 9113 7).</summary>
internal enum Http2ErrorCode : uint
{
    NoError = 0x0,
    ProtocolError = 0x1,
    InternalError = 0x2,
    FlowControlError = 0x3,
    SettingsTimeout = 0x4,
    StreamClosed = 0x5,
    FrameSizeError = 0x6,
    RefusedStream = 0x7,
    Cancel = 0x8,
    CompressionError = 0x9,
    ConnectError = 0xa,
    EnhanceYourCalm = 0xb,
    InadequateSecurity = 0xc,
    Http11Required = 0xd,
}

/// <summary>The server broke the protocol: the connection ends (with a GOAWAY naming <see cref="Code"/>) and each
/// request on it counts as an error.</summary>
internal sealed class Http2ConnectionException(Http2ErrorCode code, string message) : Exception(message)
{
    public Http2ErrorCode Code { get; } = code;
}

/// <summary>The server reset one stream (RST_STREAM) or ended the connection with a GOAWAY error.</summary>
internal sealed class Http2StreamException(Http2ErrorCode code, string message) : Exception(message)
{
    public Http2ErrorCode Code { get; } = code;
}
