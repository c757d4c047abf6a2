namespace Meshdock.ProxyWasm.Runtime;

/// <summary>A call into the filter failed (trap, deadline, exit); the message is the sentence shown to the user.</summary>
internal sealed class FilterFailure : Exception
{
    public FilterFailure()
    {
    }

    public FilterFailure(string message)
        : base(message)
    {
    }

    public FilterFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
