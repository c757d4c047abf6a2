namespace Meshdock.Load;

/// <summary>The run could not start because a target cannot be reached at all (its host name does not resolve).
/// The message is a sentence for the user.</summary>
public sealed class LoadTargetException(string message, Exception? inner = null) : Exception(message, inner);
