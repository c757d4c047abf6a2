namespace Meshdock.ProxyWasm;

/// <summary>The filter cannot be loaded; the message is a sentence for the user (invalid module, the filter rejected
/// its configuration, it trapped while starting...).</summary>
public sealed class FilterLoadException : Exception
{
    public FilterLoadException()
    {
    }

    public FilterLoadException(string message)
        : base(message)
    {
    }

    public FilterLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
