namespace Meshdock.Load.Smp;

/// <summary>An SMP file that cannot be imported; <see cref="Field"/> is the path of the first bad field
/// (<c>clients[0].endpoint_urls[1]</c>), the message a sentence saying what is wrong with it.</summary>
public sealed class SmpFormatException(string field, string message) : FormatException(message)
{
    public string Field { get; } = field;
}
