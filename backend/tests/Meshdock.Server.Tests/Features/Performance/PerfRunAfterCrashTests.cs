using System.Net;
using System.Text.Json;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// A run's state is its operation's: a run cut off by a crash (its row never got an end, its operation was left
/// running) reads "interrupted" once the next start marks the operation so, keeps what it had, and can be deleted.
/// </summary>
public sealed class PerfRunAfterCrashTests
{
    [Fact]
    public async Task A_run_left_running_by_a_crash_reads_interrupted_and_can_be_deleted()
    {
        using var data = new TempFolder();
        var database = new Database(Options.Create(new MeshdockOptions { Data = data.Path }));
        await new DatabaseInitializer(database, NullLogger<DatabaseInitializer>.Instance).StartAsync(CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            // What a kill -9 mid-run leaves: the run's row, and its operation still saying running.
            await using var command = connection.Command("""
                INSERT INTO operations (id, kind, target, title, status, created_at, started_at, last_seq)
                VALUES ('run-1', 'perf.run', 'perf:run-1', 'Load test', 'running', '2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z', 1);
                INSERT INTO operation_events (operation_id, seq, time, kind, message, status)
                VALUES ('run-1', 1, '2025-06-01T12:00:00Z', 'status', 'Started', 'running');
                INSERT INTO perf_runs (id, name, source, target_host, spec, created_at)
                VALUES ('run-1', 'crashed', 'measured', '127.0.0.1:1', '{}', '2025-06-01T12:00:00Z');
                """);
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var server = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path);
        using var api = server.Api;

        var run = JsonDocument.Parse(await api.GetStringAsync("/api/perf/runs/run-1")).RootElement;
        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        Assert.Equal("crashed", run.GetProperty("name").GetString());
        var listed = JsonDocument.Parse(await api.GetStringAsync("/api/perf/runs?status=interrupted")).RootElement;
        Assert.Equal(["run-1"], listed.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Empty(JsonDocument.Parse(await api.GetStringAsync("/api/perf/runs?status=running")).RootElement.EnumerateArray());

        using var deleted = await api.DeleteAsync("/api/perf/runs/run-1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await api.GetAsync("/api/perf/runs/run-1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
