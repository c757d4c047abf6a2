namespace Meshdock.Server.Operations;

/// <summary>
/// Thrown from an operation's work to fail it with a sentence for the user: what went wrong and what to do next.
/// The message becomes the operation's <c>error</c> as is.
/// </summary>
public sealed class OperationFailedException : Exception
{
    public OperationFailedException(string message) : base(message)
    {
    }

    public OperationFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public OperationFailedException()
    {
    }
}
