using Meshdock.ProxyWasm.Runtime;
using Meshdock.ProxyWasm.Validation;
using Wasmtime;

namespace Meshdock.ProxyWasm;

/// <summary>
/// A loaded proxy-wasm HTTP filter, ready to filter streams. Like Envoy, which runs one VM per worker thread, the host
/// keeps a pool of instances (each a single-threaded Wasmtime store) that share one <see cref="SharedDataStore"/> and
/// one <see cref="MetricsStore"/>; a stream is bound to one instance for its lifetime. An instance that traps or
/// misses its deadline fails the call in progress and is replaced by a fresh one for the next stream.
/// </summary>
/// <example>
/// <code>
/// using var host = FilterHost.Load(wasmBytes, """{"paths": ["/pull"], "limits": {"Personal": 10}}""",
///     new FilterHostOptions { PluginName = "rate-limit", Log = entry => Console.WriteLine(entry.Message) });
/// using var stream = host.CreateStream(new RequestInfo { Source = remoteEndPoint });
/// var headers = HeaderMap.ForRequest("GET", "/pull", "imagehub", headers: [new("authorization", token)]);
/// var result = stream.OnRequestHeaders(headers, endOfStream: true);
/// // result.Action: Continue (forward the edited headers), LocalResponse (send result.Response),
/// // Pause (await stream.WaitForResumeAsync) or Fail (answer 500 with result.Failure).
/// </code>
/// </example>
public sealed class FilterHost : IDisposable
{
    private readonly HostContext _context;
    private readonly Module _module;
    private readonly FilterInstance?[] _slots;
    private readonly Lock _slotsGate = new();
    private int _next = -1;
    private int _instancesStarted;
    private bool _disposed;

    private FilterHost(HostContext context, Module module, FilterInstance first)
    {
        _context = context;
        _module = module;
        _slots = new FilterInstance?[context.Options.PoolSize];
        _slots[0] = first;
        _instancesStarted = 1;
    }

    /// <summary>The validator's report on the module (ABI version, exports, imports, size, sha256).</summary>
    public ModuleReport Module => _context.Module;

    public SharedDataStore SharedData => _context.SharedData;

    public MetricsStore Metrics => _context.Metrics;

    /// <summary>Instances started so far, including replacements of broken ones.</summary>
    public int InstancesStarted => Volatile.Read(ref _instancesStarted);

    /// <summary>
    /// Validates the module, compiles it and starts the first instance (<c>proxy_on_vm_start</c> and
    /// <c>proxy_on_configure</c> with <paramref name="pluginConfiguration"/>); further instances start on demand.
    /// </summary>
    /// <exception cref="FilterLoadException">With a sentence: the module is invalid, or the filter failed or refused to start.</exception>
    public static FilterHost Load(ReadOnlySpan<byte> wasm, string? pluginConfiguration = null, FilterHostOptions? options = null)
    {
        options ??= new FilterHostOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PoolSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CallTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StartTimeout, TimeSpan.Zero, nameof(options));

        var (validation, compiled) = ModuleValidator.Compile(wasm);
        if (compiled is null)
        {
            throw new FilterLoadException(validation.Error!);
        }

        var context = new HostContext(options, pluginConfiguration ?? "", validation.Report!);
        try
        {
            return new FilterHost(context, compiled, FilterInstance.Start(context, compiled));
        }
        catch
        {
            compiled.Dispose();
            throw;
        }
    }

    /// <summary>Starts a stream (an HTTP request and its response) on the next instance of the pool. Never throws
    /// for filter failures: a stream that cannot start answers every call with <see cref="FilterAction.Fail"/>.</summary>
    public StreamContext CreateStream(RequestInfo? request = null)
    {
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length);
        FilterInstance instance;
        try
        {
            instance = InstanceAt(index);
        }
        catch (FilterLoadException e)
        {
            _context.Log(Abi.ProxyLogLevel.Error, 0, e.Message);
            return new StreamContext(null, null, e.Message);
        }

        var state = instance.CreateStream(request ?? new RequestInfo(), out var error);
        return new StreamContext(state is null ? null : instance, state, error);
    }

    /// <summary>Calls <c>proxy_on_tick</c> now on every instance that set a tick period (tests and the sandbox's
    /// "tick" button; the periodic timers run from <see cref="FilterHostOptions.Clock"/> as well).</summary>
    public void TickNow()
    {
        foreach (var instance in LiveInstances())
        {
            if (instance.HasTicks)
            {
                instance.Tick();
            }
        }
    }

    public void Dispose()
    {
        lock (_slotsGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var instance in _slots)
            {
                instance?.Dispose();
            }

            _module.Dispose();
        }
    }

    private FilterInstance InstanceAt(int index)
    {
        var current = Volatile.Read(ref _slots[index]);
        if (current is { Failure: null })
        {
            return current;
        }

        lock (_slotsGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _slots[index];
            if (current is { Failure: null })
            {
                return current;
            }

            var fresh = FilterInstance.Start(_context, _module);
            Interlocked.Increment(ref _instancesStarted);
            Volatile.Write(ref _slots[index], fresh);
            current?.Dispose(); // broken: streams still bound to it already fail with its reason
            return fresh;
        }
    }

    private List<FilterInstance> LiveInstances()
    {
        lock (_slotsGate)
        {
            return [.. _slots.OfType<FilterInstance>().Where(i => i.Failure is null)];
        }
    }
}
