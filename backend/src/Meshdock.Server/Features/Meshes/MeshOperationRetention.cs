using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// A mesh card explains a failed install, upgrade or uninstall from that mesh's last finished operation
/// (<see cref="MeshOverview"/>), so pruning by age or count must not take it: each mesh keeps its last one, and only
/// that one (an older failure is already superseded by what came after it).
/// </summary>
public sealed class MeshOperationRetention(OperationStore store) : IOperationRetentionPolicy
{
    public async Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken) =>
        [.. (await store.LatestFinishedAsync(MeshOperations.TargetPrefix, cancellationToken)).Values.Select(o => o.Id)];
}
