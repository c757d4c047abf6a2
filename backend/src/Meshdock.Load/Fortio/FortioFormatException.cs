namespace Meshdock.Load.Fortio;

/// <summary>A Fortio result that cannot be imported; <see cref="Field"/> names the first bad field
/// (<c>DurationHistogram.Count</c>), the message says what is wrong with it.</summary>
public sealed class FortioFormatException(string field, string message) : FormatException(message)
{
    public string Field { get; } = field;
}
