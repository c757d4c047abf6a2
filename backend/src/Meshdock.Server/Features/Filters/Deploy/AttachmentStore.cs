using System.Globalization;
using System.Text.Json;
using Meshdock.Server.Platform.Data;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>The <c>filter_attachments</c> table.</summary>
public sealed class AttachmentStore(Database database)
{
    private const string Columns = "id, filter_id, filter_name, sha256, mesh, namespace, workload_selector, plugin_config, "
        + "root_id, vm_configuration, object_kind, object_name, object_namespace, status, operation_id, created_at";

    public async Task<IReadOnlyList<Attachment>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM filter_attachments ORDER BY created_at DESC, id");
        return await command.ReadAllAsync(ReadAttachment, cancellationToken);
    }

    public async Task<Attachment?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM filter_attachments WHERE id = $id", ("$id", id));
        return await command.ReadFirstAsync(ReadAttachment, cancellationToken);
    }

    public async Task PutAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            INSERT OR REPLACE INTO filter_attachments ({Columns})
            VALUES ($id, $filterId, $filterName, $sha256, $mesh, $namespace, $selector, $config, $rootId, $vmConfiguration, $kind, $name, $objectNamespace, $status, $operationId, $createdAt)
            """,
            ("$id", attachment.Id), ("$filterId", attachment.FilterId), ("$filterName", attachment.FilterName),
            ("$sha256", attachment.Sha256), ("$mesh", attachment.Mesh), ("$namespace", attachment.Namespace),
            ("$selector", JsonSerializer.Serialize(attachment.WorkloadSelector)), ("$config", attachment.PluginConfig),
            ("$rootId", attachment.RootId), ("$vmConfiguration", attachment.VmConfiguration),
            ("$kind", attachment.ObjectKind), ("$name", attachment.ObjectName), ("$objectNamespace", attachment.ObjectNamespace),
            ("$status", attachment.Status), ("$operationId", attachment.OperationId),
            ("$createdAt", attachment.CreatedAt.ToString("O", CultureInfo.InvariantCulture)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM filter_attachments WHERE id = $id", ("$id", id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows from before root ids were stored hold an empty one: those ran with the filter's name.</summary>
    private static Attachment ReadAttachment(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6))!,
        reader.GetString(7), reader.GetString(8) is { Length: > 0 } rootId ? rootId : reader.GetString(2), reader.GetString(9),
        reader.GetString(10), reader.GetString(11), reader.GetString(12), reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetString(14),
        DateTimeOffset.Parse(reader.GetString(15), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}
