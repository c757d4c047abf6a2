using System.Diagnostics.CodeAnalysis;

namespace Meshdock.Server.Operations;

/// <summary>What the progress hub calls on its clients.</summary>
public interface IProgressClient
{
    /// <summary>One operation event; per operation, in seq order, without gaps or repeats.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "'Event' is the hub method name the UI and the contract use.")]
    Task Event(OperationEvent evt);
}
