using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Platform.Data;

/// <summary>
/// What every store does with SQLite: a command with its parameters bound, and its rows read into records.
/// Parameters are named as in the SQL (<c>("$id", id)</c>); a null value is bound as SQL NULL.
/// </summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A command inside <paramref name="transaction"/> (SQLite refuses a command on a connection with an open
    /// transaction unless the command names it).</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var command = (transaction.Connection ?? throw new InvalidOperationException("The transaction has already ended."))
            .Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Every row the command returns, each turned into a record by <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }

    /// <summary>The first row as a record, or null when there is none (for lookups by key).</summary>
    public static async Task<T?> ReadFirstAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }
}
