using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// An attachment's status ("failed") is explained only by its last operation's error and log, and there are few
/// attachments, each naming one operation: those operations are kept.
/// </summary>
public sealed class AttachmentRetention(Database database) : IOperationRetentionPolicy
{
    public async Task<IReadOnlyCollection<string>> OperationsToKeepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT operation_id FROM filter_attachments WHERE operation_id IS NOT NULL");
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }
}
