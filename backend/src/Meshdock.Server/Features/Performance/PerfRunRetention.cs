using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// A measured run's id is its operation's id. A run that ended holds everything its history, exports and comparisons
/// show (status, summary, result), so its operation may be pruned like any other. A run whose row never got its end
/// (Meshdock died mid-run) reads its status from its operation ("interrupted"), so that operation is kept; the same
/// holds for overhead reports.
/// </summary>
public sealed class PerfRunRetention(Database database) : IOperationRetentionPolicy
{
    public async Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id FROM perf_runs WHERE status = 'running' UNION SELECT id FROM perf_overhead_reports WHERE status = 'running'");
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }
}
