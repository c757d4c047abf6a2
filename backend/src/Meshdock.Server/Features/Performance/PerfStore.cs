using System.Globalization;
using System.Text.Json;
using Meshdock.Load;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Features.Performance;

/// <summary>Profiles and runs in the SQLite file. Specs, summaries and results are stored as JSON documents.</summary>
public sealed class PerfStore(Database database)
{
    // A measured run's status is its operation's, the one copy (after a crash the start-up marks the operation
    // interrupted, and so the run reads); PerfRunRetention keeps that operation for as long as the run exists. The
    // operation may not be written yet in the first moments of a run, which is running then. An imported run has no
    // operation: it was measured elsewhere and finished there.
    private const string RunStatus = $"""
        CASE WHEN r.source = '{PerfRun.Measured}' THEN COALESCE(NULLIF(o.status, 'pending'), 'running') ELSE 'succeeded' END
        """;
    private const string RunColumns = $"r.id, r.name, r.source, {RunStatus}, r.profile_id, r.target_host, r.spec, r.created_at, r.summary";
    private const string Runs = "perf_runs r LEFT JOIN operations o ON o.id = r.id";

    public async Task<IReadOnlyList<PerfProfile>> ListProfilesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, name, spec, created_at, updated_at FROM perf_profiles ORDER BY name");
        return await command.ReadAllAsync(ReadProfile, cancellationToken);
    }

    public async Task<PerfProfile?> GetProfileAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, name, spec, created_at, updated_at FROM perf_profiles WHERE id = $id", ("$id", id));
        return await command.ReadFirstAsync(ReadProfile, cancellationToken);
    }

    /// <summary>Inserts or replaces a profile; false when another profile already has the name.</summary>
    public async Task<bool> SaveProfileAsync(PerfProfile profile, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO perf_profiles (id, name, spec, created_at, updated_at) VALUES ($id, $name, $spec, $created, $updated)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, updated_at = excluded.updated_at
            """,
            ("$id", profile.Id), ("$name", profile.Name), ("$spec", Json(profile.Spec)),
            ("$created", Time(profile.CreatedAt)), ("$updated", Time(profile.UpdatedAt)));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT: the unique name */)
        {
            return false;
        }
    }

    public Task<bool> DeleteProfileAsync(string id, CancellationToken cancellationToken) =>
        DeleteAsync("DELETE FROM perf_profiles WHERE id = $id", id, cancellationToken);

    public async Task<IReadOnlyList<PerfRun>> ListRunsAsync(PerfRunFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {RunColumns} FROM {Runs}
            WHERE ($profile IS NULL OR r.profile_id = $profile) AND ($host IS NULL OR r.target_host = $host)
              AND ($status IS NULL OR {RunStatus} = $status) AND ($since IS NULL OR r.created_at >= $since)
            ORDER BY r.created_at DESC, r.id DESC LIMIT $limit
            """,
            ("$profile", filter.ProfileId), ("$host", filter.Host), ("$status", filter.Status),
            ("$since", filter.Since is { } since ? Time(since) : null), ("$limit", filter.Limit));
        return await command.ReadAllAsync(r => ReadRun(r, withResult: false), cancellationToken);
    }

    public async Task<PerfRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {RunColumns}, r.result FROM {Runs} WHERE r.id = $id", ("$id", id));
        return await command.ReadFirstAsync(r => ReadRun(r, withResult: true), cancellationToken);
    }

    /// <summary>The original SMP document of an imported run (null for measured runs).</summary>
    public async Task<string?> GetImportedSmpAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT smp FROM perf_runs WHERE id = $id", ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<string?> FindByIdentityAsync(string identity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id FROM perf_runs WHERE identity = $identity OR id = $identity", ("$identity", identity));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Stores a run as it starts, or its summary and result when it ends (its status is its operation's).</summary>
    public async Task SaveRunAsync(PerfRun run, string? smp, string? identity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO perf_runs (id, name, source, profile_id, target_host, spec, created_at, summary, result, smp, identity)
            VALUES ($id, $name, $source, $profile, $host, $spec, $created, $summary, $result, $smp, $identity)
            ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, result = excluded.result
            """,
            ("$id", run.Id), ("$name", run.Name), ("$source", run.Source), ("$profile", run.ProfileId),
            ("$host", run.TargetHost), ("$spec", Json(run.Spec)), ("$created", Time(run.CreatedAt)),
            ("$summary", run.Summary is null ? null : Json(run.Summary)), ("$result", run.Result is null ? null : Json(run.Result)),
            ("$smp", smp), ("$identity", identity));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> DeleteRunAsync(string id, CancellationToken cancellationToken) =>
        DeleteAsync("DELETE FROM perf_runs WHERE id = $id", id, cancellationToken);

    private async Task<bool> DeleteAsync(string sql, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql, ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static PerfProfile ReadProfile(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), Parse<PerfSpec>(r.GetString(2)), ParseTime(r.GetString(3)), ParseTime(r.GetString(4)));

    private static PerfRun ReadRun(SqliteDataReader r, bool withResult) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        Parse<PerfSpec>(r.GetString(6)), ParseTime(r.GetString(7)), r.IsDBNull(8) ? null : Parse<PerfRunSummary>(r.GetString(8)),
        withResult && !r.IsDBNull(9) ? Parse<LoadResult>(r.GetString(9)) : null);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MeshdockJson.Options);

    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, MeshdockJson.Options)!;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>History filters of GET /api/perf/runs.</summary>
public sealed record PerfRunFilter(string? ProfileId, string? Host, string? Status, DateTimeOffset? Since, int Limit);
