using Wasmtime;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// The one Wasmtime engine of the process. Modules compiled by the validator run in the host unchanged, and a single
/// background ticker advances the engine's epoch so that every store can bound a call with an epoch deadline: a
/// filter that loops forever traps with <see cref="TrapCode.Interrupt"/> instead of holding a thread.
/// </summary>
internal static class WasmRuntime
{
    /// <summary>How often the epoch advances: the granularity of every call deadline.</summary>
    public static readonly TimeSpan EpochPeriod = TimeSpan.FromMilliseconds(5);

    private static readonly Lazy<Engine> SharedEngine = new(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);
    private static Timer? s_ticker;

    public static Engine Engine => SharedEngine.Value;

    /// <summary>The epoch deadline (in ticks from now) that covers <paramref name="timeout"/>.</summary>
    public static ulong DeadlineTicks(TimeSpan timeout) =>
        (ulong)Math.Max(1, Math.Ceiling(timeout.TotalMilliseconds / EpochPeriod.TotalMilliseconds)) + 1;

    private static Engine CreateEngine()
    {
        var config = new Config()
            .WithEpochInterruption(true)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        var engine = new Engine(config); // takes ownership of the config
        s_ticker = new Timer(static state => ((Engine)state!).IncrementEpoch(), engine, EpochPeriod, EpochPeriod);
        return engine;
    }
}
