using Meshdock.Server.Platform.Data;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// A report's status is its operation's. A volume from before kept it in the report's row (and in its document), and
/// its retention pruned the operations of finished reports: the migration gives such a report its operation back.
/// </summary>
public sealed class OverheadStatusMigrationTests
{
    [Fact]
    public async Task A_report_whose_operation_was_pruned_gets_it_back_with_its_status_and_both_copies_go()
    {
        using var folder = new TempFolder();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "old.db")};Pooling=False");
        await connection.OpenAsync();
        await Migrator.MigrateAsync(connection, [.. Migrations.All.Where(m => m.Version <= 7)], CancellationToken.None);
        await ExecuteAsync(connection, """
            INSERT INTO operations (id, kind, target, title, status, created_at, started_at, finished_at, last_seq)
            VALUES ('kept', 'perf.overhead', 'perf-overhead:istio', 'What Istio costs', 'failed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:09:00Z', 12);
            INSERT INTO perf_overhead_reports (id, name, status, created_at, report) VALUES
                ('pruned', 'What Linkerd costs', 'succeeded', '2025-01-01T00:00:00Z', '{"id":"pruned","status":"succeeded","meshId":"linkerd"}'),
                ('crashed', 'What Kuma costs', 'running', '2025-01-02T00:00:00Z', '{"id":"crashed","status":"running","meshId":"kuma"}'),
                ('kept', 'What Istio costs', 'cancelled', '2025-01-03T00:00:00Z', '{"id":"kept","status":"cancelled","meshId":"istio"}');
            """);

        await Migrator.MigrateAsync(connection, Migrations.All, CancellationToken.None);

        Assert.Equal("perf.overhead|perf-overhead:linkerd|What Linkerd costs|succeeded",
            await ScalarAsync(connection, "SELECT kind || '|' || target || '|' || title || '|' || status FROM operations WHERE id = 'pruned'"));
        // A row still running had lost its operation to nothing but a crash; it will never end.
        Assert.Equal("interrupted", await ScalarAsync(connection, "SELECT status FROM operations WHERE id = 'crashed'"));
        // An operation that is there is the truth, whatever the row said.
        Assert.Equal("failed|12", await ScalarAsync(connection, "SELECT status || '|' || last_seq FROM operations WHERE id = 'kept'"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pragma_table_info('perf_overhead_reports') WHERE name = 'status'"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM perf_overhead_reports WHERE json_extract(report, '$.status') IS NOT NULL"));
        Assert.Equal("istio", await ScalarAsync(connection, "SELECT json_extract(report, '$.meshId') FROM perf_overhead_reports WHERE id = 'kept'"));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
