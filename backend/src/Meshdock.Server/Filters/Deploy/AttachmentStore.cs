using System.Globalization;
using System.Text.Json;
using Meshdock.Server.Data;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Filters.Deploy;

/// <summary>The <c>filter_attachments</c> table.</summary>
public sealed class AttachmentStore(Database database)
{
    private const string Columns = "id, filter_id, filter_name, sha256, mesh, namespace, workload_selector, plugin_config, "
        + "object_kind, object_name, object_namespace, status, operation_id, created_at";

    public async Task<IReadOnlyList<Attachment>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM filter_attachments ORDER BY created_at DESC, id";
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Attachment?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM filter_attachments WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task PutAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO filter_attachments ({Columns})
            VALUES ($id, $filterId, $filterName, $sha256, $mesh, $namespace, $selector, $config, $kind, $name, $objectNamespace, $status, $operationId, $createdAt)
            """;
        command.Parameters.AddWithValue("$id", attachment.Id);
        command.Parameters.AddWithValue("$filterId", attachment.FilterId);
        command.Parameters.AddWithValue("$filterName", attachment.FilterName);
        command.Parameters.AddWithValue("$sha256", attachment.Sha256);
        command.Parameters.AddWithValue("$mesh", attachment.Mesh);
        command.Parameters.AddWithValue("$namespace", attachment.Namespace);
        command.Parameters.AddWithValue("$selector", JsonSerializer.Serialize(attachment.WorkloadSelector));
        command.Parameters.AddWithValue("$config", attachment.PluginConfig);
        command.Parameters.AddWithValue("$kind", attachment.ObjectKind);
        command.Parameters.AddWithValue("$name", attachment.ObjectName);
        command.Parameters.AddWithValue("$objectNamespace", attachment.ObjectNamespace);
        command.Parameters.AddWithValue("$status", attachment.Status);
        command.Parameters.AddWithValue("$operationId", attachment.OperationId ?? (object)DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", attachment.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM filter_attachments WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Attachment>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Attachment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Attachment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6))!,
                reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                DateTimeOffset.Parse(reader.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return list;
    }
}
