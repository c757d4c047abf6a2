using k8s;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Cleanup;

/// <summary>
/// One feature's part of "remove everything Meshdock installed". Cleanup owns this interface and runs the steps in
/// <see cref="Order"/>, then deletes the namespaces Meshdock created; the features implement it, so Cleanup knows
/// none of them.
/// </summary>
public interface IClusterCleanupStep
{
    /// <summary>Lower runs first: apps come off before the meshes they run in.</summary>
    int Order { get; }

    /// <summary>The step's title in the operation, e.g. "Removing sample apps".</summary>
    string Title { get; }

    /// <summary>Operations on targets starting with this must finish before a cleanup may start.</summary>
    string BusyTargetPrefix { get; }

    /// <summary>Removes this feature's part and says what went, e.g. "2 sample app deployment(s)".</summary>
    Task<string> RemoveAsync(IKubernetes client, OperationContext context, CancellationToken token);
}
