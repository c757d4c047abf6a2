using Meshdock.Server.Platform.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Platform.Data;

/// <summary>The one SQLite file (meshdock.db in the data folder) every feature stores its state in.</summary>
public sealed class Database(IOptions<MeshdockOptions> options)
{
    public const string FileName = "meshdock.db";

    public string DataDirectory { get; } = options.Value.DataDirectory;

    public string FilePath => Path.Combine(DataDirectory, FileName);

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = FilePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    /// <summary>
    /// Copies the WAL into the database file without blocking writers. A checkpoint syncs the disk, which can take
    /// long on a busy machine, so a latency-sensitive writer turns auto-checkpoints off and calls this off its path.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a pooled connection. WAL lets readers run while the single writer commits; synchronous=NORMAL is
    /// durable across process crashes (the case that matters here) without an fsync per commit.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
