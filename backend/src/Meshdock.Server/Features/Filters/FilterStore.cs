using System.Globalization;
using System.Text.Json;
using Meshdock.ProxyWasm.Validation;
using Meshdock.Server.Platform.Data;
using Microsoft.Data.Sqlite;

namespace Meshdock.Server.Features.Filters;

/// <summary>
/// The registry's storage: module bytes in <c>&lt;data&gt;/filters/&lt;sha256&gt;.wasm</c> (content-addressed, so the
/// same module uploaded under two names is stored once), metadata in the <c>filters</c> table. A module file is written
/// to a temporary name and renamed, so no reader ever sees half a module.
/// </summary>
public sealed class FilterStore(Database database, TimeProvider time)
{
    public string ModulesDirectory { get; } = Path.Combine(database.DataDirectory, "filters");

    public async Task<IReadOnlyList<FilterModule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM filters ORDER BY built_in DESC, created_at DESC, id");
        return await command.ReadAllAsync(ReadModule, cancellationToken);
    }

    public async Task<FilterModule?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM filters WHERE id = $id", ("$id", id));
        return await command.ReadFirstAsync(ReadModule, cancellationToken);
    }

    public async Task<FilterModule?> GetByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM filters WHERE name = $name", ("$name", name));
        return await command.ReadFirstAsync(ReadModule, cancellationToken);
    }

    public async Task<bool> NameExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT 1 FROM filters WHERE name = $name", ("$name", name));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Stores a validated module. Null when the name is taken (checked again inside the insert).</summary>
    public async Task<FilterModule?> AddAsync(string name, ReadOnlyMemory<byte> bytes, ModuleReport report,
        CancellationToken cancellationToken)
    {
        var module = ToModule(Guid.CreateVersion7().ToString("N"), name, report, builtIn: false, defaultConfig: null);
        await WriteModuleFileAsync(report.Sha256, bytes, cancellationToken);
        try
        {
            await InsertAsync(module, replace: false, cancellationToken);
            return module;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // UNIQUE(name): another upload won the race
        {
            await DeleteFileIfUnusedAsync(report.Sha256, cancellationToken);
            return null;
        }
    }

    /// <summary>Registers (or refreshes, when the shipped bytes changed) a built-in module under its fixed id.</summary>
    /// <summary>The module <paramref name="id"/> when it is stored with exactly these bytes, else null.</summary>
    public async Task<FilterModule?> HoldsAsync(string id, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await GetAsync(id, cancellationToken) is { } existing && existing.Size == bytes.Length
            && await ReadModuleAsync(existing, cancellationToken) is { } stored && bytes.Span.SequenceEqual(stored)
            ? existing
            : null;

    public async Task<FilterModule> PutBuiltInAsync(string id, ReadOnlyMemory<byte> bytes, ModuleReport report,
        string? defaultConfig, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(id, cancellationToken);
        if (existing is not null && existing.Sha256 == report.Sha256 && File.Exists(ModulePath(report.Sha256)))
        {
            return existing; // registered meanwhile
        }

        var module = ToModule(id, id, report, builtIn: true, defaultConfig);
        await WriteModuleFileAsync(report.Sha256, bytes, cancellationToken);
        await InsertAsync(module, replace: true, cancellationToken);
        if (existing is not null && existing.Sha256 != report.Sha256)
        {
            await DeleteFileIfUnusedAsync(existing.Sha256, cancellationToken);
        }

        return module;
    }

    /// <summary>The module's bytes, or null when the record or its file is gone.</summary>
    public async Task<byte[]?> ReadModuleAsync(FilterModule module, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(ModulePath(module.Sha256), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public string ModulePath(string sha256) => Path.Combine(ModulesDirectory, $"{sha256}.wasm");

    /// <summary>Removes the record, then the file unless another record has the same bytes.</summary>
    public async Task<bool> DeleteAsync(FilterModule module, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.Command("DELETE FROM filters WHERE id = $id", ("$id", module.Id)))
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await DeleteFileIfUnusedAsync(module.Sha256, cancellationToken);
        return true;
    }

    private async Task WriteModuleFileAsync(string sha256, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var path = ModulePath(sha256);
        if (File.Exists(path))
        {
            return; // content-addressed: the same name means the same bytes
        }

        Directory.CreateDirectory(ModulesDirectory);
        var temporary = Path.Combine(ModulesDirectory, $".{sha256}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(bytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task DeleteFileIfUnusedAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT 1 FROM filters WHERE sha256 = $sha256", ("$sha256", sha256));
        if (await command.ExecuteScalarAsync(cancellationToken) is null)
        {
            File.Delete(ModulePath(sha256));
        }
    }

    private async Task InsertAsync(FilterModule module, bool replace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            INSERT {(replace ? "OR REPLACE " : "")}INTO filters ({Columns})
            VALUES ($id, $name, $sha256, $abi, $size, $exports, $imports, $builtIn, $defaultConfig, $createdAt)
            """,
            ("$id", module.Id), ("$name", module.Name), ("$sha256", module.Sha256), ("$abi", module.AbiVersion),
            ("$size", module.Size), ("$exports", JsonSerializer.Serialize(module.Exports)),
            ("$imports", JsonSerializer.Serialize(module.Imports)), ("$builtIn", module.BuiltIn ? 1 : 0),
            ("$defaultConfig", module.DefaultPluginConfig?.GetRawText()),
            ("$createdAt", module.CreatedAt.ToString("O", CultureInfo.InvariantCulture)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private FilterModule ToModule(string id, string name, ModuleReport report, bool builtIn, string? defaultConfig) => new(
        id, name, report.Sha256, report.AbiVersionText, report.Size, report.Exports, report.Imports, builtIn,
        defaultConfig is null ? null : JsonDocument.Parse(defaultConfig).RootElement.Clone(), time.GetUtcNow());

    private const string Columns =
        "id, name, sha256, abi_version, size, exports, imports, built_in, default_config, created_at";

    private static FilterModule ReadModule(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt64(4),
        JsonSerializer.Deserialize<string[]>(reader.GetString(5))!,
        JsonSerializer.Deserialize<string[]>(reader.GetString(6))!,
        reader.GetInt64(7) != 0,
        reader.IsDBNull(8) ? null : JsonDocument.Parse(reader.GetString(8)).RootElement.Clone(),
        DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}
