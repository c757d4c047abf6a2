using Meshdock.Server.Platform.Data;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Tests.Platform.Data;

/// <summary>A newer Meshdock reads an older volume: the schema is versioned (PRAGMA user_version) and migrated on start.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task An_older_database_is_migrated_in_order_and_keeps_its_rows()
    {
        using var folder = new TempFolder();
        await using var connection = await OpenAsync(folder, "old.db");
        Migration[] v1 = [new(1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")];
        await Migrator.MigrateAsync(connection, v1, CancellationToken.None);
        await ExecuteAsync(connection, "INSERT INTO things (name) VALUES ('kept')");

        Migration[] v3 = [.. v1,
            new(2, "a column", "ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'"),
            new(3, "an index", "CREATE INDEX things_by_colour ON things (colour)")];
        var version = await Migrator.MigrateAsync(connection, v3, CancellationToken.None);

        Assert.Equal(3, version);
        Assert.Equal(3, await Migrator.UserVersionAsync(connection, CancellationToken.None));
        Assert.Equal("kept|blue", await ScalarAsync(connection, "SELECT name || '|' || colour FROM things"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'things_by_colour'"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_previous_version_intact()
    {
        using var folder = new TempFolder();
        await using var connection = await OpenAsync(folder, "broken.db");
        Migration[] migrations =
        [
            new(1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY)"),
            new(2, "broken", "CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table"),
        ];

        await Assert.ThrowsAsync<SqliteException>(() => Migrator.MigrateAsync(connection, migrations, CancellationToken.None));

        Assert.Equal(1, await Migrator.UserVersionAsync(connection, CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'half'"));
    }

    [Fact]
    public async Task The_server_migrates_a_version_0_file_and_refuses_a_newer_schema_with_a_sentence()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        await using (var connection = await OpenAsync(data, Database.FileName))
        {
            await ExecuteAsync(connection, "CREATE TABLE unrelated (x INTEGER)"); // an existing file at user_version 0
        }

        await using (var server = await ServerProcess.StartAsync(tcp: false, dataDirectory: data))
        {
            Assert.Contains($"at schema version {Migrations.All.Count} (was 0)", server.Output, StringComparison.Ordinal);
            await server.StopAsync();
        }

        await using (var connection = await OpenAsync(data, Database.FileName))
        {
            await ExecuteAsync(connection, "PRAGMA user_version = 999");
        }

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("schema version 999, newer than this Meshdock knows", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_migrations_count_up_from_one()
    {
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
    }

    private static Task<SqliteConnection> OpenAsync(TempFolder folder, string file) => OpenAsync(folder.Path, file);

    private static async Task<SqliteConnection> OpenAsync(string directory, string file)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(directory, file)};Pooling=False");
        await connection.OpenAsync();
        return connection;
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
