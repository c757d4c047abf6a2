using System.Threading.Tasks.Sources;

namespace Meshdock.Load.Engine;

/// <summary>A reusable awaitable for one connection loop: completed by the scheduler at the intended send time
/// (true) or when the run stops (false). Continuations run on the scheduler's thread, so the send starts at once.</summary>
internal sealed class ScheduleWaiter : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core;

    public ValueTask<bool> Arm()
    {
        _core.Reset();
        return new ValueTask<bool>(this, _core.Version);
    }

    public void Release(bool proceed) => _core.SetResult(proceed);

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
