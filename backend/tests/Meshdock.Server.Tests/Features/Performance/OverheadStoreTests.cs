using Meshdock.Server.Features.Performance;
using Meshdock.Server.Features.Performance.Overhead;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>A stored report has no status of its own: it reads its operation's, whatever the report was saved with.</summary>
public sealed class OverheadStoreTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _database = new Database(Options.Create(new MeshdockOptions { Data = _folder.Path }));
        await new DatabaseInitializer(_database, NullLogger<DatabaseInitializer>.Instance).StartAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(null, "running")]
    [InlineData("pending", "running")]
    [InlineData("running", "running")]
    [InlineData("succeeded", "succeeded")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("interrupted", "interrupted")]
    public async Task A_report_reads_its_operations_status(string? operationStatus, string expected)
    {
        if (operationStatus is not null)
        {
            await ExecuteAsync($"""
                INSERT INTO operations (id, kind, target, title, status, created_at, last_seq)
                VALUES ('r1', 'perf.overhead', 'perf-overhead:istio', 'What Istio costs', '{operationStatus}', '2025-01-01T00:00:00Z', 0)
                """);
        }
        var store = new OverheadStore(_database);
        var report = new OverheadReport("r1", "What Istio costs", "istio", "Istio", "1.30.3", "httpbin", OverheadRequest.DefaultProfile, 2,
            DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, [], null)
        { Status = "succeeded" };

        await store.SaveAsync(report, CancellationToken.None);

        Assert.Equal(expected, (await store.GetAsync("r1", CancellationToken.None))!.Status);
        Assert.Equal(expected, Assert.Single(await store.ListAsync(10, CancellationToken.None)).Status);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.Command("SELECT json_extract(report, '$.status') IS NULL AND json_extract(report, '$.meshId') = 'istio' FROM perf_overhead_reports");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.Command(sql);
        await command.ExecuteNonQueryAsync();
    }
}
