using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Platform.Data;

/// <summary>
/// Whether the data folder can hold Meshdock's state: a folder (created if missing) this user may write, whose
/// meshdock.db, if there is one, is a readable SQLite database. Each problem is one sentence naming <c>--data</c>
/// and what to do, for the start-up check to print instead of a stack trace.
/// </summary>
internal static class DataFolderCheck
{
    public static string? Problem(string folder)
    {
        if (File.Exists(folder))
        {
            return $"--data {folder} is a file, not a folder: point --data at a folder Meshdock may write to (it is created if missing).";
        }

        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--data {folder} cannot be written ({Reason(e)}): point --data at a folder this user may write to, or make this one writable.";
        }

        var database = Path.Combine(folder, Database.FileName);
        return File.Exists(database) ? DatabaseProblem(database, folder) : null;
    }

    private static string? DatabaseProblem(string database, string folder)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema;"; // reads the header and the schema pages
            command.ExecuteScalar();
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return version > Migrations.All.Count
                ? $"--data {folder}: {Database.FileName} has schema version {version}, newer than this Meshdock knows ({Migrations.All.Count}); update Meshdock, or start it with another --data folder."
                : null;
        }
        catch (SqliteException e)
        {
            return $"--data {folder}: {Database.FileName} cannot be read as a database ({e.SqliteErrorCode switch
            {
                26 => "it is not a SQLite database",
                11 => "it is damaged",
                8 => "it is read-only",
                14 => "it cannot be opened",
                _ => $"SQLite error {e.SqliteErrorCode}",
            }}): move it away to start with an empty history (operations, results and filters), or point --data at another folder.";
        }
    }

    // The exception's first sentence, without the path (already named) or a stack trace.
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "a part of the path is not a folder",
        IOException io when io.HResult == 30 || io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        IOException io when io.Message.Contains("already exists", StringComparison.Ordinal) => "a part of the path is not a folder",
        _ => e.Message.Split(". ", 2)[0].TrimEnd('.'),
    };
}
