namespace Meshdock.Server.Operations;

/// <summary>
/// Starts, runs and cancels operations: the one way long-running work happens in Meshdock. At most one operation
/// acts on a target at a time. On start-up, operations left unfinished by a previous process become interrupted;
/// on shutdown, running ones are cancelled and recorded as interrupted.
/// </summary>
public sealed class OperationService(OperationWriter writer, OperationStore store, TimeProvider time, ILogger<OperationService> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OperationContext> _byTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperationContext> _byId = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>
    /// Stores a new operation and runs <paramref name="work"/> in the background, or reports the target busy.
    /// The operation exists (GET finds it) when this returns. The work owns its events through the context; its end
    /// decides the final status: return = succeeded, <see cref="OperationFailedException"/> = failed with that
    /// sentence, cancellation through <see cref="OperationContext.CancellationToken"/> = cancelled, anything else =
    /// failed (logged; the user sees the message, never a stack trace).
    /// </summary>
    /// <param name="kind">What sort of work, e.g. <c>selftest</c>, <c>mesh.install</c>.</param>
    /// <param name="target">What it acts on, e.g. <c>mesh:istio</c>; two operations on one target conflict.</param>
    /// <param name="title">A short sentence for the operations list, e.g. "Install Istio 1.28".</param>
    public async Task<OperationStart> StartAsync(string kind, string target, string title,
        Func<OperationContext, Task> work, int? stepsTotal = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(work);

        var operation = new Operation(Guid.CreateVersion7().ToString("N"), kind, target, title, OperationStatus.Pending,
            0, stepsTotal, time.GetUtcNow(), null, null, null, 0);
        OperationContext context;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                throw new InvalidOperationException("Meshdock is stopping; start the operation again once it is back.");
            }

            if (_byTarget.TryGetValue(target, out var running))
            {
                return new OperationStart.Busy(running.OperationId, target);
            }

            context = new OperationContext(operation, writer, time, _stopping.Token);
            _byTarget.Add(target, context);
            _byId.Add(context.OperationId, context);
        }

        try
        {
            var insert = new InsertOperation(operation);
            await writer.EnqueueAsync(insert);
            await insert.Stored;
        }
        catch
        {
            Release(context);
            ((IDisposable)context).Dispose();
            throw;
        }

        context.Completion = Task.Run(() => RunAsync(context, work));
        return new OperationStart.Started(context.OperationId);
    }

    /// <summary>
    /// The pending and running operations, from memory: what "is a mesh installing" and "is anything busy" ask, with
    /// no database read and no limit on how many were stored before them.
    /// </summary>
    public IReadOnlyList<Operation> Running()
    {
        lock (_gate)
        {
            return _byId.Values.Select(a => a.Current).Where(o => !o.Status.IsFinal()).ToList();
        }
    }

    /// <summary>The most recent finished operation of each target under <paramref name="targetPrefix"/>, by target.</summary>
    public Task<IReadOnlyDictionary<string, Operation>> LatestFinishedAsync(string targetPrefix, CancellationToken cancellationToken) =>
        store.LatestFinishedAsync(targetPrefix, cancellationToken);

    /// <summary>
    /// Waits until an operation ends and returns its final state (null for an unknown id): how one operation's work
    /// runs another (an overhead report's load tests) and follows it to its end.
    /// </summary>
    public async Task<Operation?> WaitAsync(string id, CancellationToken cancellationToken)
    {
        OperationContext? context;
        lock (_gate)
        {
            _byId.TryGetValue(id, out context);
        }

        if (context is not null)
        {
            await context.Completion.WaitAsync(cancellationToken);
        }

        return await store.GetAsync(id, cancellationToken);
    }

    /// <summary>Requests cancellation of a pending or running operation.</summary>
    public async Task<CancelOutcome> CancelAsync(string id, CancellationToken cancellationToken)
    {
        OperationContext? context;
        lock (_gate)
        {
            _byId.TryGetValue(id, out context);
        }

        context?.Cancel();
        var operation = await store.GetAsync(id, cancellationToken);
        return operation switch
        {
            null => new CancelOutcome.NotFound(),
            _ when context is not null => new CancelOutcome.Requested(operation),
            _ => new CancelOutcome.AlreadyFinished(operation),
        };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await store.InterruptUnfinishedAsync(time.GetUtcNow(), cancellationToken);
        if (interrupted > 0)
        {
            logger.OperationsInterrupted(interrupted);
        }
    }

    /// <summary>Cancels what runs and waits (within the host's shutdown timeout) for each to store its final event.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_gate)
        {
            // A host torn down after a failed start may dispose this service before stopping it: nothing runs then.
            if (_disposed)
            {
                return;
            }

            _stopping.Cancel();
            running = [.. _byId.Values.Select(a => a.Completion)];
        }

        if (running.Length > 0)
        {
            logger.OperationsStoppedByShutdown(running.Length);
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    private async Task RunAsync(OperationContext context, Func<OperationContext, Task> work)
    {
        OperationStatus status;
        string message;
        string? error = null;
        try
        {
            await context.StartRunningAsync();
            context.CancellationToken.ThrowIfCancellationRequested();
            await work(context);
            (status, message) = (OperationStatus.Succeeded, "Succeeded.");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            if (_stopping.IsCancellationRequested)
            {
                (status, message) = (OperationStatus.Interrupted, "Interrupted: Meshdock stopped while this operation was running.");
                error = "Meshdock stopped while this operation was running, so it did not finish; check what it acted on and start it again.";
            }
            else
            {
                (status, message) = (OperationStatus.Cancelled, "Cancelled.");
            }
        }
        catch (OperationFailedException ex)
        {
            (status, message, error) = (OperationStatus.Failed, "Failed.", ex.Message);
        }
        catch (Exception ex)
        {
            logger.OperationCrashed(ex, context.OperationId, context.Title);
            (status, message) = (OperationStatus.Failed, "Failed.");
            error = $"\"{context.Title}\" failed unexpectedly: {ex.Message} Check the Meshdock backend log for details, then try again.";
        }

        try
        {
            if (status == OperationStatus.Failed)
            {
                await context.FailAsync(error!);
            }

            // The target is freed after the final status is committed and before its event goes out, so a client
            // that reacts to the final event by starting the next operation on the same target is not refused.
            await context.FinishAsync(status, message, error, afterStored: () => Release(context));
        }
        catch (Exception ex)
        {
            logger.OperationEndNotStored(ex, context.OperationId);
        }
        finally
        {
            Release(context);
            ((IDisposable)context).Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _stopping.Dispose();
    }

    private void Release(OperationContext context)
    {
        lock (_gate)
        {
            if (_byTarget.TryGetValue(context.Target, out var current) && current == context)
            {
                _byTarget.Remove(context.Target);
            }

            _byId.Remove(context.OperationId);
        }
    }
}

/// <summary>What <see cref="OperationService.CancelAsync"/> found.</summary>
public abstract record CancelOutcome
{
    private CancelOutcome()
    {
    }

    public sealed record Requested(Operation Operation) : CancelOutcome;

    public sealed record AlreadyFinished(Operation Operation) : CancelOutcome;

    public sealed record NotFound : CancelOutcome;
}
