using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Features.Performance;
using Meshdock.Server.Features.Performance.Overhead;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Features.Performance;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;
using Meshdock.Server.Tests.Platform.Session;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Operations;

/// <summary>
/// Finished operations are pruned by age and by count, with their events, in a real SQLite file; running ones, and
/// those a filter attachment or a still-"running" perf run points at, stay; a finished perf run keeps its result.
/// </summary>
public sealed class OperationRetentionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Finished_operations_older_than_the_retention_go_with_their_events_and_unfinished_ones_stay()
    {
        await using var db = await SeededDatabase.CreateAsync();
        await db.AddOperationAsync("old-succeeded", "succeeded", Now.AddDays(-40));
        await db.AddOperationAsync("old-failed", "failed", Now.AddDays(-31));
        await db.AddOperationAsync("old-interrupted", "interrupted", Now.AddDays(-30).AddMinutes(-1));
        await db.AddOperationAsync("recent-cancelled", "cancelled", Now.AddDays(-29));
        await db.AddOperationAsync("old-running", "running", finishedAt: null, createdAt: Now.AddDays(-90));
        await db.AddOperationAsync("old-pending", "pending", finishedAt: null, createdAt: Now.AddDays(-90));

        await db.Retention(retentionDays: 30, maxFinished: 0).PruneAsync(CancellationToken.None);

        Assert.Equal(["old-pending", "old-running", "recent-cancelled"], await db.OperationIdsAsync());
        foreach (var pruned in new[] { "old-succeeded", "old-failed", "old-interrupted" })
        {
            Assert.Equal(0, await db.EventCountAsync(pruned));
        }

        Assert.Equal(3, await db.EventCountAsync("recent-cancelled"));
        Assert.Equal(3, await db.EventCountAsync("old-running"));
        Assert.Equal(9, await db.CountAsync("SELECT count(*) FROM operation_events"));
    }

    [Fact]
    public async Task Beyond_MaxFinished_the_least_recently_finished_go_and_running_ones_do_not_count()
    {
        await using var db = await SeededDatabase.CreateAsync();
        for (var day = 1; day <= 5; day++)
        {
            // Created in the opposite order to their finish: the limit follows when an operation finished.
            await db.AddOperationAsync($"finished-{day}d-ago", "succeeded", Now.AddDays(-day), createdAt: Now.AddDays(-10 + day));
        }

        await db.AddOperationAsync("running", "running", finishedAt: null, createdAt: Now.AddDays(-100));

        await db.Retention(retentionDays: 0, maxFinished: 3).PruneAsync(CancellationToken.None);

        Assert.Equal(["finished-1d-ago", "finished-2d-ago", "finished-3d-ago", "running"], await db.OperationIdsAsync());
        Assert.Equal(0, await db.EventCountAsync("finished-4d-ago"));
        Assert.Equal(0, await db.EventCountAsync("finished-5d-ago"));
    }

    [Fact]
    public async Task Both_limits_apply_together_and_a_second_prune_finds_nothing_more()
    {
        await using var db = await SeededDatabase.CreateAsync();
        await db.AddOperationAsync("a", "succeeded", Now.AddHours(-1));
        await db.AddOperationAsync("b", "succeeded", Now.AddHours(-2));
        await db.AddOperationAsync("c", "succeeded", Now.AddHours(-3));
        await db.AddOperationAsync("too-old", "succeeded", Now.AddDays(-8));
        var retention = db.Retention(retentionDays: 7, maxFinished: 2);

        await retention.PruneAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], await db.OperationIdsAsync());

        await retention.PruneAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], await db.OperationIdsAsync());
        Assert.Equal(6, await db.CountAsync("SELECT count(*) FROM operation_events"));
    }

    [Fact]
    public async Task With_both_limits_off_nothing_is_removed()
    {
        await using var db = await SeededDatabase.CreateAsync();
        await db.AddOperationAsync("ancient", "failed", Now.AddYears(-5));

        await db.Retention(retentionDays: 0, maxFinished: 0).PruneAsync(CancellationToken.None);

        Assert.Equal(["ancient"], await db.OperationIdsAsync());
        Assert.Equal(3, await db.EventCountAsync("ancient"));
    }

    [Fact]
    public async Task An_attachments_operation_and_every_perf_runs_operation_stay_and_a_deleted_runs_operation_goes()
    {
        await using var db = await SeededDatabase.CreateAsync();
        await db.AddOperationAsync("attach", "failed", Now.AddDays(-200));
        await db.ExecuteAsync("""
            INSERT INTO filter_attachments (id, filter_id, filter_name, sha256, mesh, namespace, workload_selector, plugin_config,
                object_kind, object_name, object_namespace, status, operation_id, created_at)
            VALUES ('att-1', 'f', 'rate-limit', 'abc', 'istio', 'default', '{"app":"api"}', '{}', 'WasmPlugin', 'rl', 'default',
                'failed', 'attach', '2024-01-01T00:00:00Z')
            """);
        // A run's status is its operation's, so every run keeps its operation, finished or not.
        await db.AddOperationAsync("run-finished", "succeeded", Now.AddDays(-200));
        await db.AddPerfRunAsync("run-finished", result: """{"requests":500}""");
        await db.AddOperationAsync("run-stale", "interrupted", Now.AddDays(-200));
        await db.AddPerfRunAsync("run-stale", result: null);
        await db.AddOperationAsync("run-deleted", "succeeded", Now.AddDays(-200));

        await db.Retention(retentionDays: 30, maxFinished: 1).PruneAsync(CancellationToken.None);

        Assert.Equal(["attach", "run-finished", "run-stale"], await db.OperationIdsAsync());
        Assert.Equal(3, await db.EventCountAsync("attach"));
        Assert.Equal(3, await db.EventCountAsync("run-stale"));
        Assert.Equal(3, await db.EventCountAsync("run-finished"));
        Assert.Equal(0, await db.EventCountAsync("run-deleted"));
        Assert.Equal("""{"requests":500}""", await db.ScalarAsync("SELECT result FROM perf_runs WHERE id = 'run-finished'"));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM perf_runs"));
    }

    [Fact]
    public async Task An_overhead_reports_operation_stays_while_the_report_exists_finished_or_not()
    {
        await using var db = await SeededDatabase.CreateAsync();
        // A report's status is its operation's, so every report keeps its operation, finished or not.
        await db.AddOperationAsync("report-finished", "succeeded", Now.AddDays(-200));
        await db.AddOverheadReportAsync("report-finished");
        await db.AddOperationAsync("report-crashed", "interrupted", Now.AddDays(-200));
        await db.AddOverheadReportAsync("report-crashed");
        await db.AddOperationAsync("report-removed", "succeeded", Now.AddDays(-200));

        await db.Retention(retentionDays: 30, maxFinished: 1).PruneAsync(CancellationToken.None);

        Assert.Equal(["report-crashed", "report-finished"], await db.OperationIdsAsync());
        Assert.Equal(3, await db.EventCountAsync("report-finished"));
        Assert.Equal(0, await db.EventCountAsync("report-removed"));
    }

    [Theory]
    [InlineData(-1, 500, 3600, "Operations:RetentionDays must be 0")]
    [InlineData(36_501, 500, 3600, "Operations:RetentionDays must be 0")]
    [InlineData(30, -5, 3600, "Operations:MaxFinished must be 0")]
    [InlineData(30, 500, 0, "Operations:PruneInterval must be from 00:00:01")]
    [InlineData(30, 500, 2 * 86_400, "Operations:PruneInterval must be from 00:00:01")]
    public void Out_of_range_settings_are_named_in_a_sentence(int retentionDays, int maxFinished, int intervalSeconds, string expected)
    {
        var options = new OperationsOptions
        {
            RetentionDays = retentionDays,
            MaxFinished = maxFinished,
            PruneInterval = TimeSpan.FromSeconds(intervalSeconds),
        };

        Assert.Contains(options.Problems(), problem => problem.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(new OperationsOptions().Problems());
        Assert.Empty(new OperationsOptions { RetentionDays = 0, MaxFinished = 0 }.Problems());
    }

    [Theory]
    [InlineData("--Operations:RetentionDays=-1", "Operations:RetentionDays must be 0")]
    [InlineData("--Operations:PruneInterval=00:00:00", "Operations:PruneInterval must be from 00:00:01")]
    [InlineData("--Operations:MaxFinished=lots", "Operations:MaxFinished")]
    public async Task The_server_refuses_to_start_with_a_bad_setting_and_says_which(string argument, string expected)
    {
        using var data = new TempFolder();

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data.Path, argument);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_prunes_at_start_up_and_then_every_interval_and_keeps_a_runs_operation_while_the_run_exists()
    {
        using var data = new TempFolder();
        await using var upstream = new CountingUpstream();
        string run;
        List<string> selftests = [];
        await using (var first = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path))
        {
            using var api = first.Api;
            using var started = await api.PostAsJsonAsync("/api/perf/runs",
                new { spec = new { urls = new[] { upstream.Url }, model = "closed", connections = 2, requests = 200 } });
            Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
            run = (await started.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(run, Timeout)).Status);
            for (var i = 0; i < 3; i++)
            {
                selftests.Add(await api.StartSelftestAsync(steps: 2, stepMillis: 0));
                await api.WaitForFinalAsync(selftests[^1], Timeout);
            }

            await first.StopAsync();
        }

        await using var second = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path,
            extraArgs: ["--Operations:MaxFinished=2", "--Operations:PruneInterval=00:00:01"]);
        using var api2 = second.Api;

        // At start-up: the oldest self-test goes; the two newest stay, and so does the run's operation (the run's
        // status is its operation's), which does not count towards the newest kept.
        await WaitForAsync(async () => second.Output.Contains("Pruned 1 finished operation(s)", StringComparison.Ordinal)
            && await OperationIdsAsync(api2) is { Count: 3 }, () => second.Output);
        Assert.Equal([selftests[2], selftests[1], run], await OperationIdsAsync(api2));
        Assert.Equal(HttpStatusCode.OK, (await api2.GetAsync($"/api/operations/{run}")).StatusCode);

        var stored = await api2.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{run}");
        Assert.Equal("succeeded", stored.GetProperty("status").GetString());
        Assert.Equal(200, stored.GetProperty("summary").GetProperty("requests").GetInt64());
        Assert.Equal(200, stored.GetProperty("result").GetProperty("latency").GetProperty("count").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await api2.GetAsync($"/api/perf/runs/{run}/smp?format=json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api2.GetAsync($"/api/perf/runs/{run}/fortio")).StatusCode);

        // Then every interval, without a restart; a running operation is never pruned and does not count.
        var running = await api2.StartSelftestAsync(steps: 1000, stepMillis: 100);
        var newest = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            newest.Add(await api2.StartSelftestAsync(steps: 1, stepMillis: 0));
            await api2.WaitForFinalAsync(newest[^1], Timeout);
        }

        await WaitForAsync(async () => !(await OperationIdsAsync(api2)).Contains(selftests[2]), () => second.Output);
        Assert.Equal([newest[1], newest[0], running, run], await OperationIdsAsync(api2));

        // Once the run is deleted, its operation is pruned like any other.
        Assert.Equal(HttpStatusCode.NoContent, (await api2.DeleteAsync($"/api/perf/runs/{run}")).StatusCode);
        await WaitForAsync(async () => !(await OperationIdsAsync(api2)).Contains(run), () => second.Output);
        Assert.Equal(HttpStatusCode.NotFound, (await api2.GetAsync($"/api/operations/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api2.PostAsync($"/api/operations/{running}/cancel", null)).StatusCode);
    }

    private static async Task<List<string>> OperationIdsAsync(HttpClient api) =>
        [.. (await api.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json))!.Select(o => o.Id)];

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> output)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"The server did not prune in time. Its output:\n{output()}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>A migrated meshdock.db in a temp folder, seeded through SQL.</summary>
    private sealed class SeededDatabase : IAsyncDisposable
    {
        private readonly TempFolder _folder = new();
        private readonly Database _database;

        private SeededDatabase() =>
            _database = new Database(Options.Create(new MeshdockOptions { Data = _folder.Path }));

        public static async Task<SeededDatabase> CreateAsync()
        {
            var db = new SeededDatabase();
            await new DatabaseInitializer(db._database, NullLogger<DatabaseInitializer>.Instance).StartAsync(CancellationToken.None);
            return db;
        }

        public OperationRetention Retention(int retentionDays, int maxFinished) => new(
            new OperationStore(_database),
            [new AttachmentRetention(_database), new PerfRunRetention(_database), new OverheadRetention(_database)],
            Options.Create(new OperationsOptions { RetentionDays = retentionDays, MaxFinished = maxFinished }),
            new FixedTime(Now),
            NullLogger<OperationRetention>.Instance);

        /// <summary>An operation with three events; a finished one's last event carries its final status.</summary>
        public async Task AddOperationAsync(string id, string status, DateTimeOffset? finishedAt, DateTimeOffset? createdAt = null)
        {
            var created = createdAt ?? finishedAt!.Value.AddMinutes(-5);
            await ExecuteAsync("""
                INSERT INTO operations (id, kind, target, title, status, created_at, started_at, finished_at, last_seq)
                VALUES ($id, 'selftest', 'selftest:' || $id, 'Seeded', $status, $created, $created, $finished, 3);
                INSERT INTO operation_events (operation_id, seq, time, kind, message, status) VALUES
                    ($id, 1, $created, 'status', 'Started', 'running'),
                    ($id, 2, $created, 'log', 'Working', 'running'),
                    ($id, 3, $created, 'status', 'End', $status);
                """,
                ("$id", id), ("$status", status), ("$created", OperationStore.FormatTime(created)),
                ("$finished", finishedAt is { } finished ? OperationStore.FormatTime(finished) : null));
        }

        public Task AddPerfRunAsync(string id, string? result) => ExecuteAsync("""
            INSERT INTO perf_runs (id, name, source, target_host, spec, created_at, result)
            VALUES ($id, 'seeded', 'measured', '127.0.0.1:1', '{}', '2024-01-01T00:00:00Z', $result)
            """, ("$id", id), ("$result", result));

        public Task AddOverheadReportAsync(string id) => ExecuteAsync("""
            INSERT INTO perf_overhead_reports (id, name, created_at, report) VALUES ($id, 'seeded', '2024-01-01T00:00:00Z', '{}')
            """, ("$id", id));

        public async Task<List<string>> OperationIdsAsync()
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            await using var command = connection.Command("SELECT id FROM operations ORDER BY id");
            return [.. await command.ReadAllAsync(reader => reader.GetString(0), CancellationToken.None)];
        }

        public Task<long> EventCountAsync(string id) =>
            CountAsync($"SELECT count(*) FROM operation_events WHERE operation_id = '{id}'");

        public async Task<long> CountAsync(string sql) => (long)(await ScalarAsync(sql))!;

        public async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            await using var command = connection.Command(sql);
            return await command.ExecuteScalarAsync();
        }

        public async Task ExecuteAsync(string sql, params (string, object?)[] parameters)
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            await using var command = connection.Command(sql, parameters);
            await command.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            _folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
