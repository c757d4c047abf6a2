using System.Diagnostics;

namespace Meshdock.Load.Engine;

/// <summary>
/// Releases connection loops at their intended send times for the open model. One thread sleeps until the earliest
/// due time and releases every loop that is due. On Linux it sleeps on a timerfd armed with the absolute due time,
/// which wakes within microseconds (Task.Delay and Thread.Sleep only have millisecond resolution, which would add up
/// to a millisecond of generator-made latency to every corrected figure). Elsewhere it falls back to 1 ms sleeps.
/// </summary>
internal sealed class OpenScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<ScheduleWaiter, long> _queue = new();
    private readonly TimerFd? _timer = TimerFd.TryCreate();
    private readonly Thread _thread;
    private long _armedFor = long.MaxValue;
    private volatile bool _stopped;

    public OpenScheduler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "meshdock-load-scheduler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp) with true, or with false
    /// once the run stops. Returns synchronously when the time has already come.</summary>
    public ValueTask<bool> WaitUntilAsync(long due, ScheduleWaiter waiter)
    {
        if (_stopped)
            return ValueTask.FromResult(false);
        if (due <= Stopwatch.GetTimestamp())
            return ValueTask.FromResult(true);
        var task = waiter.Arm();
        lock (_gate)
        {
            if (_stopped)
            {
                waiter.Release(false);
                return task;
            }
            _queue.Enqueue(waiter, due);
            if (due < _armedFor)
            {
                _armedFor = due;
                _timer?.ArmAbsolute(due);
            }
        }
        return task;
    }

    /// <summary>Releases every waiting loop with false; later waits return false at once.</summary>
    public void Stop()
    {
        List<ScheduleWaiter> waiting;
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
            waiting = [.. _queue.UnorderedItems.Select(i => i.Element)];
            _queue.Clear();
            _timer?.ArmAbsolute(Stopwatch.GetTimestamp());
        }
        foreach (var waiter in waiting)
            waiter.Release(false);
    }

    private void Run()
    {
        var due = new List<ScheduleWaiter>();
        while (!_stopped)
        {
            if (_timer is not null)
                _timer.Wait();
            else
                Thread.Sleep(1);
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                while (_queue.TryPeek(out var waiter, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    due.Add(waiter);
                }
                _armedFor = _queue.TryPeek(out _, out var next) ? next : long.MaxValue;
                if (_armedFor != long.MaxValue)
                    _timer?.ArmAbsolute(_armedFor);
            }
            // Released outside the lock: each continuation sends its request on this thread and re-enters WaitUntilAsync.
            foreach (var waiter in due)
                waiter.Release(!_stopped);
            due.Clear();
        }
        _timer?.Dispose();
    }

    // No Join: the last loop's continuation (and so the code that disposes the scheduler) may run on the
    // scheduler's own thread. The thread closes the timer itself when it sees the stop.
    public void Dispose() => Stop();
}
