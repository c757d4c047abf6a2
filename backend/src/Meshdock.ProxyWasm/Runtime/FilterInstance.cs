using Meshdock.ProxyWasm.Abi;
using Wasmtime;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// One instance of the filter in its own Wasmtime store: the equivalent of one of Envoy's per-worker VMs. A store is
/// single-threaded, so every entry (stream callbacks, ticks, disposal) holds <see cref="_gate"/>. After a trap or a
/// missed deadline the instance is broken for good (its memory may be inconsistent); the pool replaces it.
/// </summary>
internal sealed partial class FilterInstance : IDisposable
{
    public const int RootContextId = 1;

    private readonly HostContext _host;
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, StreamState> _streams = [];
    private readonly HashSet<string> _reportedUnimplemented = new(StringComparer.Ordinal);
    private Instance _instance = null!;
    private GuestMemory _memory = null!;
    private Callbacks _callbacks = null!;
    private int _nextContextId = RootContextId + 1;
    private int _effectiveContextId;
    private StreamState? _effectiveStream;
    private string _currentCallback = "";
    private string? _lastError;
    private ITimer? _tickTimer;
    private volatile string? _failure;
    private bool _disposed;

    private FilterInstance(HostContext host)
    {
        _host = host;
        _store = new Store(WasmRuntime.Engine);
        _linker = new Linker(WasmRuntime.Engine);
    }

    /// <summary>Why this instance stopped working; null while it works.</summary>
    public string? Failure => _failure;

    public bool HasTicks => _tickTimer is not null;

    /// <summary>Instantiates the module and runs its start-up: <c>_initialize</c> (or <c>_start</c>), the root
    /// context, <c>proxy_on_vm_start</c> and <c>proxy_on_configure</c>.</summary>
    /// <exception cref="FilterLoadException">The filter failed or refused to start.</exception>
    public static FilterInstance Start(HostContext host, Module module)
    {
        var vm = new FilterInstance(host);
        try
        {
            lock (vm._gate)
            {
                vm.Initialize(module);
            }

            return vm;
        }
        catch (FilterFailure e)
        {
            vm.Dispose();
            throw new FilterLoadException(e.Message, e);
        }
        catch
        {
            vm.Dispose();
            throw;
        }
    }

    private void Initialize(Module module)
    {
        var timeout = _host.Options.StartTimeout;
        _store.SetLimits(memorySize: _host.Options.MaxMemoryBytes);
        _store.SetWasiConfiguration(new WasiConfiguration()); // no arguments, environment, stdio or directories
        DefineImports(module);

        _instance = Call("instantiation", timeout, () => _linker.Instantiate(_store, module));
        var exportedMemory = _instance.GetMemory("memory")
            ?? throw new FilterLoadException("The module exports no memory named \"memory\".");
        var allocate = _instance.GetFunction<int, int>("proxy_on_memory_allocate") ?? _instance.GetFunction<int, int>("malloc")
            ?? throw new FilterLoadException("The module exports no allocator (proxy_on_memory_allocate or malloc) of type (i32) -> i32.");
        _memory = new GuestMemory(exportedMemory, allocate);
        _callbacks = new Callbacks(_instance, _host.Module.AbiVersion);

        if (_instance.GetAction("_initialize") is { } initialize)
        {
            Call("_initialize", timeout, () => { initialize(); return 0; });
            if (_instance.GetFunction<int, int, int>("main") is { } main)
            {
                Call("main", timeout, () => main(0, 0));
            }
        }
        else if (_instance.GetAction("_start") is { } start)
        {
            Call("_start", timeout, () => { start(); return 0; });
        }

        SetEffective(RootContextId, null);
        if (_callbacks.OnContextCreate is { } create)
        {
            Call("proxy_on_context_create", timeout, () => { create(RootContextId, 0); return 0; });
        }

        if (_callbacks.OnVmStart is { } vmStart && Call("proxy_on_vm_start", timeout, () => vmStart(RootContextId, _host.VmConfiguration.Length)) == 0)
        {
            throw new FilterLoadException($"The filter rejected its VM configuration (proxy_on_vm_start returned false){LoggedError()}.");
        }

        if (_callbacks.OnConfigure is { } configure && Call("proxy_on_configure", timeout, () => configure(RootContextId, _host.PluginConfiguration.Length)) == 0)
        {
            throw new FilterLoadException($"The filter rejected its plugin configuration (proxy_on_configure returned false){LoggedError()}: fix the configuration and load it again.");
        }

        SetEffective(0, null);
    }

    /// <summary>Creates a stream context (<c>proxy_on_context_create(id, root)</c>); null when the instance broke.</summary>
    public StreamState? CreateStream(RequestInfo info, out string? error)
    {
        lock (_gate)
        {
            error = _failure;
            if (error is not null || _disposed)
            {
                error ??= "The filter host was disposed.";
                return null;
            }

            var stream = new StreamState(_nextContextId++, info, info.StartTime ?? _host.Options.Clock.GetUtcNow());
            _streams[stream.ContextId] = stream;
            if (_callbacks.OnContextCreate is { } create && RunLifecycle(stream, "proxy_on_context_create", () => { create(stream.ContextId, RootContextId); return 0; }) is null)
            {
                _streams.Remove(stream.ContextId);
                error = _failure;
                return null;
            }

            return stream;
        }
    }

    /// <summary>Runs one stream callback. The caller has put the headers/body it passes into <paramref name="stream"/>.</summary>
    private FilterResult Invoke(StreamState stream, string callback, Func<int>? call)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                return FilterResult.Failed(_failure);
            }

            if (_disposed)
            {
                return FilterResult.Failed("The filter host was disposed while the request was in flight.");
            }

            if (stream.Closed)
            {
                return FilterResult.Failed("The filter closed this stream (proxy_close_stream).");
            }

            if (call is null)
            {
                return FilterResult.Continue; // callbacks are optional: a filter without one lets everything through
            }

            stream.LocalResponse = null;
            stream.ResetResumption();
            SetEffective(stream.ContextId, stream);
            int action;
            try
            {
                action = Call(callback, _host.Options.CallTimeout, call);
            }
            catch (FilterFailure e)
            {
                Break(e.Message);
                return FilterResult.Failed(e.Message);
            }
            finally
            {
                SetEffective(0, null);
            }

            if (stream.LocalResponse is { } response)
            {
                return FilterResult.Local(response);
            }

            if (stream.Closed)
            {
                return FilterResult.Failed("The filter closed this stream (proxy_close_stream).");
            }

            return action == (int)ProxyAction.Continue ? FilterResult.Continue : FilterResult.Pause;
        }
    }

    /// <summary>Ends a stream: <c>proxy_on_done</c>, <c>proxy_on_log</c> and <c>proxy_on_delete</c>. As in Envoy, a
    /// stream's answer to <c>proxy_on_done</c> does not keep its context alive.</summary>
    public void FinishStream(StreamState stream)
    {
        lock (_gate)
        {
            if (!_streams.ContainsKey(stream.ContextId))
            {
                return;
            }

            if (_callbacks.OnDone is { } onDone)
            {
                RunLifecycle(stream, "proxy_on_done", () => onDone(stream.ContextId));
            }

            Release(stream);
        }
    }

    /// <summary>Calls <c>proxy_on_tick</c> on the root context if the filter set a tick period.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_failure is not null || _disposed || _callbacks.OnTick is not { } onTick)
            {
                return;
            }

            SetEffective(RootContextId, null);
            try
            {
                Call("proxy_on_tick", _host.Options.CallTimeout, () => { onTick(RootContextId); return 0; });
            }
            catch (FilterFailure e)
            {
                Break(e.Message);
                return;
            }
            finally
            {
                SetEffective(0, null);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _tickTimer?.Dispose();
            foreach (var stream in _streams.Values)
            {
                stream.Resumption.TrySetResult(false);
            }

            _streams.Clear();
            _linker.Dispose();
            _store.Dispose();
        }
    }

    private void Release(StreamState stream)
    {
        if (_callbacks.OnLog is { } onLog)
        {
            RunLifecycle(stream, "proxy_on_log", () => { onLog(stream.ContextId); return 0; });
        }

        if (_callbacks.OnDelete is { } onDelete)
        {
            RunLifecycle(stream, "proxy_on_delete", () => { onDelete(stream.ContextId); return 0; });
        }

        _streams.Remove(stream.ContextId);
    }

    /// <summary>Runs a context lifecycle callback (create, done, log, delete) with the stream effective; null when the
    /// instance is (or just became) broken.</summary>
    private int? RunLifecycle(StreamState stream, string callback, Func<int> call)
    {
        if (_failure is not null || _disposed)
        {
            return null;
        }

        SetEffective(stream.ContextId, stream);
        try
        {
            return Call(callback, _host.Options.CallTimeout, call);
        }
        catch (FilterFailure e)
        {
            Break(e.Message);
            return null;
        }
        finally
        {
            SetEffective(0, null);
        }
    }

    private void SetEffective(int contextId, StreamState? stream)
    {
        _effectiveContextId = contextId;
        _effectiveStream = stream;
    }

    /// <summary>Runs guest code under a deadline and turns every way it can fail into a <see cref="FilterFailure"/>.</summary>
    private T Call<T>(string callback, TimeSpan timeout, Func<T> call)
    {
        var previous = _currentCallback;
        _currentCallback = callback;
        _store.SetEpochDeadline(WasmRuntime.DeadlineTicks(timeout));
        try
        {
            return call();
        }
        catch (TrapException e) when (e.Type == TrapCode.Interrupt)
        {
            throw new FilterFailure(
                $"The filter did not return from {callback} within {timeout.TotalMilliseconds:0} ms and was stopped: look for an endless loop in the filter.", e);
        }
        catch (WasmtimeException e) when (e.ExitCode == 0 && callback == "_start")
        {
            return default!; // a WASI command's _start ends with proc_exit(0): initialised, not a failure
        }
        catch (WasmtimeException e) when (e.ExitCode is { } code)
        {
            throw new FilterFailure($"The filter exited (proc_exit({code})) in {callback}; filters must return instead of exiting.", e);
        }
        catch (WasmtimeException e)
        {
            throw new FilterFailure($"The filter trapped in {callback} ({WasmtimeMessages.Cause(e.Message)}){LoggedError()}.", e);
        }
        catch (Exception e) when (e is not FilterFailure and not FilterLoadException)
        {
            // a host call failed in a way the host did not foresee: fail this call like a trap rather than the proxy
            throw new FilterFailure($"The filter host failed while running {callback} ({e.Message}).", e);
        }
        finally
        {
            _currentCallback = previous;
        }
    }

    private void Break(string reason)
    {
        _failure = reason;
        _tickTimer?.Dispose();
        _tickTimer = null;
        foreach (var stream in _streams.Values)
        {
            stream.Resumption.TrySetResult(false);
        }

        _host.Log(ProxyLogLevel.Error, _effectiveContextId, reason);
    }

    private string LoggedError() => _lastError is null ? "" : $"; it logged: \"{_lastError}\"";

    /// <summary>The filter's exports the host calls, looked up once; a missing optional callback is null.</summary>
    private sealed class Callbacks(Instance instance, ProxyAbiVersion version)
    {
        public Action<int, int>? OnContextCreate { get; } = instance.GetAction<int, int>("proxy_on_context_create");

        public Func<int, int, int>? OnVmStart { get; } = instance.GetFunction<int, int, int>("proxy_on_vm_start");

        public Func<int, int, int>? OnConfigure { get; } = instance.GetFunction<int, int, int>("proxy_on_configure");

        public Action<int>? OnTick { get; } = instance.GetAction<int>("proxy_on_tick");

        public Func<int, int>? OnDone { get; } = instance.GetFunction<int, int>("proxy_on_done");

        public Action<int>? OnLog { get; } = instance.GetAction<int>("proxy_on_log");

        public Action<int>? OnDelete { get; } = instance.GetAction<int>("proxy_on_delete");

        public HeaderCallback? OnRequestHeaders { get; } = HeaderCallback.Find(instance, "proxy_on_request_headers", version);

        public Func<int, int, int, int>? OnRequestBody { get; } = instance.GetFunction<int, int, int, int>("proxy_on_request_body");

        public Func<int, int, int>? OnRequestTrailers { get; } = instance.GetFunction<int, int, int>("proxy_on_request_trailers");

        public HeaderCallback? OnResponseHeaders { get; } = HeaderCallback.Find(instance, "proxy_on_response_headers", version);

        public Func<int, int, int, int>? OnResponseBody { get; } = instance.GetFunction<int, int, int, int>("proxy_on_response_body");

        public Func<int, int, int>? OnResponseTrailers { get; } = instance.GetFunction<int, int, int>("proxy_on_response_trailers");
    }

    /// <summary>Header callbacks take <c>end_of_stream</c> since ABI 0.2.0 and not in 0.1.0; like Envoy, the host looks
    /// each up with its ABI version's signature only (the validator refuses a module exporting the other).</summary>
    private sealed class HeaderCallback(Func<int, int, int, int>? withEnd, Func<int, int, int>? withoutEnd)
    {
        public static HeaderCallback? Find(Instance instance, string name, ProxyAbiVersion version)
        {
            var withEnd = version == ProxyAbiVersion.V010 ? null : instance.GetFunction<int, int, int, int>(name);
            var withoutEnd = version == ProxyAbiVersion.V010 ? instance.GetFunction<int, int, int>(name) : null;
            return withEnd is null && withoutEnd is null ? null : new HeaderCallback(withEnd, withoutEnd);
        }

        public int Invoke(int contextId, int count, bool endOfStream) =>
            withEnd is not null ? withEnd(contextId, count, endOfStream ? 1 : 0) : withoutEnd!(contextId, count);
    }
}
