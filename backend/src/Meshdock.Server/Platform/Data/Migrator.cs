using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Platform.Data;

/// <summary>Brings a database up to the newest schema, tracked in <c>PRAGMA user_version</c>.</summary>
internal static class Migrator
{
    public static async Task<int> MigrateAsync(SqliteConnection connection, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migration '{migrations[i].Description}' has version {migrations[i].Version}; versions must count up from 1 without gaps.");
            }
        }

        var current = await UserVersionAsync(connection, cancellationToken);
        if (current > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database at {connection.DataSource} has schema version {current}, newer than this Meshdock knows "
                + $"({migrations.Count}); update Meshdock, or start it with another --data folder.");
        }

        foreach (var migration in migrations.Skip(current))
        {
            // Each step and its version bump commit together, so a crash mid-migration leaves a consistent version.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{migration.Sql};\nPRAGMA user_version = {migration.Version};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return migrations.Count;
    }

    public static async Task<int> UserVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
