using Meshdock.Server.Platform.Data;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// A run's status is its operation's. A volume from before that kept a finished run's status in the run's row, and
/// its retention pruned the operations of finished runs: the migration gives such a run its operation back.
/// </summary>
public sealed class PerfRunStatusMigrationTests
{
    [Fact]
    public async Task A_run_whose_operation_was_pruned_gets_it_back_with_its_status_and_the_rows_copy_goes()
    {
        using var folder = new TempFolder();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "old.db")};Pooling=False");
        await connection.OpenAsync();
        var before = Migrations.All.Where(m => m.Version < 5).ToList();
        await Migrator.MigrateAsync(connection, before, CancellationToken.None);
        await ExecuteAsync(connection, """
            INSERT INTO operations (id, kind, target, title, status, created_at, started_at, finished_at, last_seq)
            VALUES ('kept', 'perf.run', 'perf:127.0.0.1:1', 'Load test kept', 'failed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', 2);
            INSERT INTO perf_runs (id, name, source, status, target_host, spec, created_at) VALUES
                ('pruned', 'old run', 'measured', 'cancelled', '127.0.0.1:1', '{}', '2025-01-01T00:00:00Z'),
                ('kept', 'kept run', 'measured', 'failed', '127.0.0.1:1', '{}', '2025-01-01T00:00:00Z'),
                ('imported', 'from fortio', 'imported', 'succeeded', 'example:80', '{}', '2025-01-01T00:00:00Z');
            """);

        await Migrator.MigrateAsync(connection, Migrations.All, CancellationToken.None);

        Assert.Equal("perf.run|perf:127.0.0.1:1|Load test old run|cancelled",
            await ScalarAsync(connection, "SELECT kind || '|' || target || '|' || title || '|' || status FROM operations WHERE id = 'pruned'"));
        Assert.Equal("failed|2", await ScalarAsync(connection, "SELECT status || '|' || last_seq FROM operations WHERE id = 'kept'"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM operations WHERE id = 'imported'"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pragma_table_info('perf_runs') WHERE name = 'status'"));
        Assert.Equal(3L, await ScalarAsync(connection, "SELECT count(*) FROM perf_runs"));
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
