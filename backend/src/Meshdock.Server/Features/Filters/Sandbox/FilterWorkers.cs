using System.Collections.Concurrent;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>
/// The threads a sandbox runs its filter's code on. Filter callbacks are synchronous and may spin until their deadline
/// (a second by default); on the shared thread pool a few of them at once starve every other request of the backend,
/// its health check and hub included. Here they run on a fixed number of dedicated threads, and what cannot be
/// served soon is refused: at most <c>capacity</c> requests are admitted at once, and a call that waits longer than
/// the queue timeout for a thread is abandoned with <see cref="FilterBusyException"/> (the request gets 503).
/// </summary>
internal sealed class FilterWorkers : IDisposable
{
    private readonly BlockingCollection<IWorkItem> _queue = new();
    private readonly Thread[] _threads;
    private readonly int _capacity;
    private readonly TimeSpan _queueTimeout;
    private int _admitted;

    public FilterWorkers(string name, int workers, int capacity, TimeSpan queueTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _queueTimeout = queueTimeout;
        _threads = [.. Enumerable.Range(1, workers).Select(i => new Thread(Work) { IsBackground = true, Name = $"{name} filter {i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public int Workers => _threads.Length;

    /// <summary>Admits one more request, or says no when <c>capacity</c> requests are in already.</summary>
    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref _admitted) <= _capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _admitted);
        return false;
    }

    /// <summary>Ends an admitted request.</summary>
    public void Leave() => Interlocked.Decrement(ref _admitted);

    /// <summary>Runs <paramref name="call"/> on a worker. Throws <see cref="FilterBusyException"/> when no worker
    /// took it within the queue timeout; once started it runs to its end (the filter host's deadline bounds it).</summary>
    public Task<T> RunAsync<T>(Func<T> call, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(call, _queueTimeout, cancellationToken);
        Enqueue(item);
        return item.Task;
    }

    /// <summary>Runs clean-up (a stream's end) on a worker, however long it waits for one.</summary>
    public void Post(Action action) => Enqueue(new WorkItem<bool>(() =>
    {
        action();
        return true;
    }, Timeout.InfiniteTimeSpan, CancellationToken.None));

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(); // each finishes the call it is in (bounded by the filter's deadline) and what is queued
        }

        _queue.Dispose();
    }

    private void Enqueue(IWorkItem item)
    {
        if (!_queue.TryAdd(item))
        {
            item.Abandon(new ObjectDisposedException(nameof(FilterWorkers), "The sandbox is stopping."));
        }
    }

    private void Work()
    {
        LowerPriority();
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item.Run();
        }
    }

    // A worker yields the CPU to the backend's own threads (the API, the hub) whenever both want it: nice 10 for this
    // thread alone, as Linux allows per thread. .NET's Thread.Priority does nothing on Linux.
    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(WhichProcess, GetThreadId(), 10); // best effort: without it the worker runs at normal priority
        }
    }

    private const int WhichProcess = 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    private interface IWorkItem
    {
        void Run();

        void Abandon(Exception reason);
    }

    private sealed class WorkItem<T> : IWorkItem
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private readonly Func<T> _call;
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource? _deadline;
        private readonly CancellationTokenRegistration _registration;
        private int _state;

        public WorkItem(Func<T> call, TimeSpan queueTimeout, CancellationToken cancellationToken)
        {
            _call = call;
            if (queueTimeout == Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled)
            {
                return;
            }

            _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _deadline.CancelAfter(queueTimeout);
            _registration = _deadline.Token.Register(() => Abandon(cancellationToken.IsCancellationRequested
                ? new OperationCanceledException(cancellationToken)
                : new FilterBusyException(queueTimeout)));
        }

        public Task<T> Task => _completion.Task;

        public void Run()
        {
            var taken = Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;
            _registration.Dispose();
            _deadline?.Dispose();
            if (!taken)
            {
                return; // abandoned while it waited
            }

            try
            {
                _completion.SetResult(_call());
            }
            catch (Exception e)
            {
                _completion.SetException(e);
            }
        }

        public void Abandon(Exception reason)
        {
            if (Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued)
            {
                _completion.SetException(reason);
            }
        }
    }
}

/// <summary>The sandbox's filter workers are all busy: the request is refused rather than left waiting.</summary>
internal sealed class FilterBusyException(TimeSpan waited) : Exception(
    $"The sandbox's filter is busy: every worker was running it for {waited.TotalSeconds:0.#} s while this request waited. "
    + "Send fewer requests at once, or check the sandbox's log for a filter that runs until its deadline.");
