using System.Globalization;
using System.Text.Json;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// Reports in the SQLite file, one JSON document each. As for runs, a report whose row still says "running" reads
/// its status from its operation, so one interrupted by a crash reads "interrupted".
/// </summary>
public sealed class OverheadStore(Database database)
{
    private const string Status = "CASE WHEN r.status = 'running' AND o.status IS NOT NULL AND o.status <> 'pending' THEN o.status ELSE r.status END";
    private const string Select = $"SELECT r.report, {Status} FROM perf_overhead_reports r LEFT JOIN operations o ON o.id = r.id";

    public async Task SaveAsync(OverheadReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO perf_overhead_reports (id, name, status, created_at, report) VALUES ($id, $name, $status, $created, $report)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, report = excluded.report
            """,
            ("$id", report.Id), ("$name", report.Name), ("$status", report.Status),
            ("$created", report.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("$report", JsonSerializer.Serialize(report, MeshdockJson.Options)));
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

    private static OverheadReport Read(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        JsonSerializer.Deserialize<OverheadReport>(r.GetString(0), MeshdockJson.Options)! with { Status = r.GetString(1) };
}
