using Meshdock.ProxyWasm.Validation;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Filters;

/// <summary>
/// Puts the shipped rate-limit filter into the registry at start-up (after the database is migrated), refreshing it
/// when a newer Meshdock ships other bytes (the same bytes are not validated again). A development build without <c>make filters</c> has no module; the
/// registry then simply lacks the built-in, and the log says how to get it.
/// </summary>
internal sealed class BuiltInFilterSeeder(FilterStore store, IOptions<FiltersOptions> options,
    ILogger<BuiltInFilterSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.Value.BuiltInDirectory, BuiltInFilter.RateLimitFile);
        if (!File.Exists(path))
        {
            logger.BuiltInMissing(path);
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (await store.HoldsAsync(BuiltInFilter.RateLimit, bytes, cancellationToken) is { } registered)
        {
            // Registered by an earlier start: validating again would load Wasmtime (and hashing, OpenSSL) into a
            // backend that may sit idle all day, about 20 MB resident. The stored bytes are compared instead.
            logger.BuiltInAlreadyRegistered(registered.Name, registered.Sha256);
            return;
        }

        var validation = ModuleValidator.Validate(bytes);
        if (!validation.IsValid)
        {
            logger.BuiltInInvalid(path, validation.Error!);
            return;
        }

        var module = await store.PutBuiltInAsync(BuiltInFilter.RateLimit, bytes, validation.Report!,
            BuiltInFilter.ImageHubRules, cancellationToken);
        logger.BuiltInRegistered(module.Name, module.Sha256);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class FiltersLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Built-in filter {Path} not found: run `make filters` and rebuild the backend to get the rate-limit filter")]
    public static partial void BuiltInMissing(this ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Built-in filter {Path} is not valid: {Reason}")]
    public static partial void BuiltInInvalid(this ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built-in filter {Name} already registered (sha256 {Sha256})")]
    public static partial void BuiltInAlreadyRegistered(this ILogger logger, string name, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built-in filter {Name} registered (sha256 {Sha256})")]
    public static partial void BuiltInRegistered(this ILogger logger, string name, string sha256);
}
