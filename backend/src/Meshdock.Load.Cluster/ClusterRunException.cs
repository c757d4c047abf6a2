namespace Meshdock.Load.Cluster;

/// <summary>A cluster run that cannot go on; the message is a sentence for the user with the reason and what to do.</summary>
public sealed class ClusterRunException(string message, Exception? inner = null) : Exception(message, inner);
