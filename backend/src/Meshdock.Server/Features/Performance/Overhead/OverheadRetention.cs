using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// A report's id is its operation's id, and its status is that operation's: the operation is kept for as long as the
/// report exists (removing the report lets it be pruned like any other). Its runs keep theirs through
/// <see cref="PerfRunRetention"/>.
/// </summary>
public sealed class OverheadRetention(Database database) : IOperationRetentionPolicy
{
    public async Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id FROM perf_overhead_reports");
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }
}
