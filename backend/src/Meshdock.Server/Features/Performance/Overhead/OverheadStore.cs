using System.Globalization;
using System.Text.Json;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// Reports in the SQLite file, one JSON document each, stored without a status: as for runs, a report's status is
/// its operation's (after a crash the start-up marks the operation interrupted, and so the report reads), and
/// <see cref="OverheadRetention"/> keeps that operation for as long as the report exists. The operation may not be
/// written yet in the first moments of a report, which is running then.
/// </summary>
public sealed class OverheadStore(Database database)
{
    private const string Status = "COALESCE(NULLIF(o.status, 'pending'), 'running')";
    private const string Select = $"SELECT r.report, {Status} FROM perf_overhead_reports r LEFT JOIN operations o ON o.id = r.id";

    public async Task SaveAsync(OverheadReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO perf_overhead_reports (id, name, created_at, report) VALUES ($id, $name, $created, $report)
            ON CONFLICT (id) DO UPDATE SET report = excluded.report
            """,
            ("$id", report.Id), ("$name", report.Name),
            ("$created", report.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("$report", Document(report)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OverheadReport>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"{Select} ORDER BY r.created_at DESC, r.id DESC LIMIT $limit", ("$limit", limit));
        return await command.ReadAllAsync(Read, cancellationToken);
    }

    public async Task<OverheadReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"{Select} WHERE r.id = $id", ("$id", id));
        return await command.ReadFirstAsync(Read, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM perf_overhead_reports WHERE id = $id", ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The report as stored: everything but its status, which its operation holds.</summary>
    private static string Document(OverheadReport report)
    {
        var document = JsonSerializer.SerializeToNode(report, MeshdockJson.Options)!.AsObject();
        document.Remove("status");
        return document.ToJsonString(MeshdockJson.Options);
    }

    private static OverheadReport Read(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        JsonSerializer.Deserialize<OverheadReport>(r.GetString(0), MeshdockJson.Options)! with { Status = r.GetString(1) };
}
