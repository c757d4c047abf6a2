using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>An attachment keeps the root id and VM configuration it was attached with, also across a schema upgrade.</summary>
public sealed class AttachmentStoreMigrationTests
{
    [Fact]
    public async Task An_attachment_written_before_root_ids_were_stored_reads_back_with_the_filters_name_and_no_VM_configuration()
    {
        using var folder = new TempFolder();
        var database = new Database(Options.Create(new MeshdockOptions { Data = folder.Path }));
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await Migrator.MigrateAsync(connection, [.. Migrations.All.Where(m => m.Version <= 4)], CancellationToken.None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO filter_attachments VALUES ('old', 'f1', 'rate-limit', 'ab', 'istio', 'imagehub', '{"app":"api"}', '{}',
                    'WasmPlugin', 'rate-limit-api', 'imagehub', 'attached', NULL, '2026-11-01T10:00:00.0000000+00:00')
                """;
            await insert.ExecuteNonQueryAsync();
            await Migrator.MigrateAsync(connection, Migrations.All, CancellationToken.None);
        }
        var store = new AttachmentStore(database);

        var old = (await store.GetAsync("old", CancellationToken.None))!;
        Assert.Equal(("rate-limit", ""), (old.RootId, old.VmConfiguration));

        await store.PutAsync(old with { Id = "new", RootId = "my_root", VmConfiguration = "vm text\nline 2" }, CancellationToken.None);
        var stored = (await store.GetAsync("new", CancellationToken.None))!;
        Assert.Equal(("my_root", "vm text\nline 2"), (stored.RootId, stored.VmConfiguration));
    }
}
