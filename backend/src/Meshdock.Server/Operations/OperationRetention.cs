using Microsoft.Extensions.Options;

namespace Meshdock.Server.Operations;

/// <summary>
/// Keeps the operation history bounded: at start-up (once the previous run's leftovers are marked interrupted) and
/// then every <see cref="OperationsOptions.PruneInterval"/>, finished operations past <see cref="OperationsOptions"/>'s
/// limits are removed with their events. A prune that fails (the disk, a lock held too long) is logged and tried
/// again at the next interval; it never stops Meshdock.
/// </summary>
public sealed class OperationRetention(OperationStore store, IEnumerable<IOperationRetentionPolicy> policies, IOptions<OperationsOptions> options, TimeProvider time,
    ILogger<OperationRetention> logger) : BackgroundService
{
    /// <summary>Applies the limits once, as of now.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            kept.UnionWith(await policy.OperationsToKeepAsync(cancellationToken));
        }

        var result = await store.PruneFinishedAsync(
            limits.RetentionDays > 0 ? time.GetUtcNow().AddDays(-limits.RetentionDays) : null,
            limits.MaxFinished > 0 ? limits.MaxFinished : null,
            kept,
            cancellationToken);
        if (result.Operations > 0)
        {
            logger.OperationsPruned(result.Operations, result.Events, limits.RetentionDays, limits.MaxFinished);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the host does not wait for a first prune of a long history before serving.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong, the history can wait an interval; stopping Meshdock over it would not help.
                logger.PruneFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>Refuses out-of-range <see cref="OperationsOptions"/> at start-up, naming the setting.</summary>
internal sealed class OperationsOptionsValidation : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
