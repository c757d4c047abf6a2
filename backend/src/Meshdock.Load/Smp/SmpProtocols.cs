namespace Meshdock.Load.Smp;

/// <summary>The proto names of <see cref="SmpProtocol"/> (PROTOCOL_HTTP …).</summary>
internal static class SmpProtocols
{
    public static string ProtoName(SmpProtocol protocol) => "PROTOCOL_" + protocol.ToString().ToUpperInvariant();

    /// <summary>
    /// A protocol given by proto name (PROTOCOL_HTTP), by number (1 = HTTP; 0 is PROTOCOL_INVALID) or, as Meshdock's
    /// earlier exports wrote it, by its short lowercase name (http).
    /// </summary>
    public static SmpProtocol? Parse(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return Enum.IsDefined(typeof(SmpProtocol), number) ? (SmpProtocol)number : null;
        return text switch
        {
            "http" => SmpProtocol.Http,
            "tcp" => SmpProtocol.Tcp,
            "udp" => SmpProtocol.Udp,
            "grpc" => SmpProtocol.Grpc,
            _ => Enum.GetValues<SmpProtocol>().Select(p => (SmpProtocol?)p).FirstOrDefault(p => text == ProtoName(p!.Value)),
        };
    }
}
