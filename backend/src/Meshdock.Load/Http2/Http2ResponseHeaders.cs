using Meshdock.Load.Http2.Hpack;

namespace Meshdock.Load.Http2;

/// <summary>Picks what the load generator needs out of a response's header and trailer fields.</summary>
internal sealed class Http2ResponseHeaders : IHeaderHandler
{
    public int Status;
    public int GrpcStatus = -1;
    public bool Malformed;

    public void Reset()
    {
        Status = 0;
        GrpcStatus = -1;
        Malformed = false;
    }

    public bool Wants(ReadOnlySpan<byte> name) =>
        name.SequenceEqual(":status"u8) || name.SequenceEqual("grpc-status"u8);

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.SequenceEqual(":status"u8))
            Status = ParseNumber(value, 3);
        else if (name.SequenceEqual("grpc-status"u8))
            GrpcStatus = ParseNumber(value, 2);
    }

    private int ParseNumber(ReadOnlySpan<byte> value, int maxDigits)
    {
        if (value.IsEmpty || value.Length > maxDigits)
        {
            Malformed = true;
            return 0;
        }
        var number = 0;
        foreach (var digit in value)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                Malformed = true;
                return 0;
            }
            number = number * 10 + digit - '0';
        }
        return number;
    }
}
