using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// A measured run's id is its operation's id, and its status is that operation's: the operation is kept for as long as
/// the run exists (deleting the run lets it be pruned like any other).
/// </summary>
public sealed class PerfRunRetention(Database database) : IOperationRetentionPolicy
{
    public async Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id FROM perf_runs WHERE source = $measured", ("$measured", PerfRun.Measured));
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }
}
