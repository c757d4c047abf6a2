namespace Meshdock.Server.Platform.Data;

/// <summary>
/// The schema's history. A feature that needs tables appends a migration with the next version number; a
/// migration, once released, never changes (an older volume may be opened by any newer Meshdock).
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "operations and their numbered events", """
            CREATE TABLE operations (
                id          TEXT PRIMARY KEY,
                kind        TEXT NOT NULL,
                target      TEXT NOT NULL,
                title       TEXT NOT NULL,
                status      TEXT NOT NULL,
                steps_done  INTEGER NOT NULL DEFAULT 0,
                steps_total INTEGER,
                created_at  TEXT NOT NULL,
                started_at  TEXT,
                finished_at TEXT,
                error       TEXT,
                last_seq    INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX operations_by_created ON operations (created_at DESC, id DESC);
            CREATE INDEX operations_by_status ON operations (status);
            CREATE TABLE operation_events (
                operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
                seq          INTEGER NOT NULL,
                time         TEXT NOT NULL,
                kind         TEXT NOT NULL,
                message      TEXT NOT NULL,
                status       TEXT NOT NULL,
                data         TEXT,
                PRIMARY KEY (operation_id, seq)
            ) WITHOUT ROWID;
            """),
        new(2, "performance profiles and runs", """
            CREATE TABLE perf_profiles (
                id         TEXT PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
                spec       TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE perf_runs (
                id          TEXT PRIMARY KEY,
                name        TEXT NOT NULL,
                source      TEXT NOT NULL,
                status      TEXT NOT NULL,
                profile_id  TEXT,
                target_host TEXT NOT NULL,
                spec        TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                summary     TEXT,
                result      TEXT,
                smp         TEXT,
                identity    TEXT UNIQUE
            );
            CREATE INDEX perf_runs_by_created ON perf_runs (created_at DESC, id DESC);
            """),
        new(3, "filter registry: uploaded and built-in proxy-wasm modules", """
            CREATE TABLE filters (
                id             TEXT PRIMARY KEY,
                name           TEXT NOT NULL UNIQUE,
                sha256         TEXT NOT NULL,
                abi_version    TEXT NOT NULL,
                size           INTEGER NOT NULL,
                exports        TEXT NOT NULL,
                imports        TEXT NOT NULL,
                built_in       INTEGER NOT NULL DEFAULT 0,
                default_config TEXT,
                created_at     TEXT NOT NULL
            );
            CREATE INDEX filters_by_sha256 ON filters (sha256);
            """),
        new(4, "filter attachments: which module runs in which mesh object", """
            CREATE TABLE filter_attachments (
                id                TEXT PRIMARY KEY,
                filter_id         TEXT NOT NULL,
                filter_name       TEXT NOT NULL,
                sha256            TEXT NOT NULL,
                mesh              TEXT NOT NULL,
                namespace         TEXT NOT NULL,
                workload_selector TEXT NOT NULL,
                plugin_config     TEXT NOT NULL,
                object_kind       TEXT NOT NULL,
                object_name       TEXT NOT NULL,
                object_namespace  TEXT NOT NULL,
                status            TEXT NOT NULL,
                operation_id      TEXT,
                created_at        TEXT NOT NULL
            );
            """),
        // Empty in rows written before: those attachments ran with the filter's name as root id and no VM configuration.
        new(5, "filter attachments keep the root id and VM configuration they were attached with", """
            ALTER TABLE filter_attachments ADD COLUMN root_id TEXT NOT NULL DEFAULT '';
            ALTER TABLE filter_attachments ADD COLUMN vm_configuration TEXT NOT NULL DEFAULT '';
            """),
        // A measured run's status is its operation's from now on: a finished run whose operation an earlier
        // version pruned gets that operation back, holding the status the row had, before the row's copy goes.
        new(6, "a perf run's status is its operation's", """
            INSERT INTO operations (id, kind, target, title, status, created_at, started_at, finished_at, last_seq)
            SELECT r.id, 'perf.run', 'perf:' || r.target_host, 'Load test ' || r.name,
                   CASE r.status WHEN 'running' THEN 'interrupted' ELSE r.status END, r.created_at, r.created_at, r.created_at, 0
            FROM perf_runs r
            WHERE r.source = 'measured' AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = r.id);
            ALTER TABLE perf_runs DROP COLUMN status;
            """),
        new(7, "overhead reports: a workload measured plain and meshed, with what it deployed", """
            CREATE TABLE perf_overhead_reports (
                id          TEXT PRIMARY KEY,
                name        TEXT NOT NULL,
                status      TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                report      TEXT NOT NULL
            );
            CREATE INDEX perf_overhead_reports_by_created ON perf_overhead_reports (created_at DESC, id DESC);
            """),
        // As migration 6 did for runs: a report whose operation an earlier version pruned gets it back, holding the
        // status the row had, before the row's copy (and the copy inside the stored document) goes.
        new(8, "an overhead report's status is its operation's", """
            INSERT INTO operations (id, kind, target, title, status, created_at, started_at, finished_at, last_seq)
            SELECT r.id, 'perf.overhead', 'perf-overhead:' || COALESCE(json_extract(r.report, '$.meshId'), ''), r.name,
                   CASE r.status WHEN 'running' THEN 'interrupted' ELSE r.status END, r.created_at, r.created_at, r.created_at, 0
            FROM perf_overhead_reports r
            WHERE NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = r.id);
            UPDATE perf_overhead_reports SET report = json_remove(report, '$.status');
            ALTER TABLE perf_overhead_reports DROP COLUMN status;
            """),
    ];
}
