namespace Meshdock.Server.Platform.Data;

/// <summary>Creates the data folder, switches the file to WAL and migrates it, before the server takes requests.</summary>
internal sealed class DatabaseInitializer(Database database, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(database.DataDirectory);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;"; // persistent: stored in the file
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        var from = await Migrator.UserVersionAsync(connection, cancellationToken);
        var to = await Migrator.MigrateAsync(connection, Migrations.All, cancellationToken);
        logger.DatabaseReady(database.FilePath, to, from);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DatabaseLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Path} at schema version {Version} (was {Previous})")]
    public static partial void DatabaseReady(this ILogger logger, string path, int version, int previous);
}
