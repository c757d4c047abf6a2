using Meshdock.ProxyWasm.Abi;
using Wasmtime;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// One instance of the filter in its own Wasmtime store: the equivalent of one of Envoy's per-worker VMs. A store is
/// single-threaded, so every entry (stream callbacks, ticks, disposal) holds <see cref="gate"/>. After a trap or a
/// missed deadline the instance is broken for good (its memory may be inconsistent); the pool replaces it.
/// </summary>
internal sealed partial class FilterInstance : IDisposable
{
    public const int RootContextId = 1;

    private readonly HostContext host;
    private readonly Store store;
    private readonly Linker linker;
    private readonly Lock gate = new();
    private readonly Dictionary<int, StreamState> streams = [];
    private readonly HashSet<string> reportedUnimplemented = new(StringComparer.Ordinal);
    private Instance instance = null!;
    private GuestMemory memory = null!;
    private Callbacks callbacks = null!;
    private int nextContextId = RootContextId + 1;
    private int effectiveContextId;
    private StreamState? effectiveStream;
    private string currentCallback = "";
    private string? lastError;
    private ITimer? tickTimer;
    private volatile string? failure;
    private bool disposed;

    private FilterInstance(HostContext host)
    {
        this.host = host;
        store = new Store(WasmRuntime.Engine);
        linker = new Linker(WasmRuntime.Engine);
    }

    /// <summary>Why this instance stopped working; null while it works.</summary>
    public string? Failure => failure;

    public bool HasTicks => tickTimer is not null;

    /// <summary>Instantiates the module and runs its start-up: <c>_initialize</c> (or <c>_start</c>), the root
    /// context, <c>proxy_on_vm_start</c> and <c>proxy_on_configure</c>.</summary>
    /// <exception cref="FilterLoadException">The filter failed or refused to start.</exception>
    public static FilterInstance Start(HostContext host, Module module)
    {
        var vm = new FilterInstance(host);
        try
        {
            lock (vm.gate)
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
        var timeout = host.Options.StartTimeout;
        store.SetLimits(memorySize: host.Options.MaxMemoryBytes);
        store.SetWasiConfiguration(new WasiConfiguration()); // no arguments, environment, stdio or directories
        DefineImports(module);

        instance = Call("instantiation", timeout, () => linker.Instantiate(store, module));
        var exportedMemory = instance.GetMemory("memory")
            ?? throw new FilterLoadException("The module exports no memory named \"memory\".");
        var allocate = instance.GetFunction<int, int>("proxy_on_memory_allocate") ?? instance.GetFunction<int, int>("malloc")
            ?? throw new FilterLoadException("The module exports no allocator (proxy_on_memory_allocate or malloc) of type (i32) -> i32.");
        memory = new GuestMemory(exportedMemory, allocate);
        callbacks = new Callbacks(instance, host.Module.AbiVersion);

        if (instance.GetAction("_initialize") is { } initialize)
        {
            Call("_initialize", timeout, () => { initialize(); return 0; });
            if (instance.GetFunction<int, int, int>("main") is { } main)
            {
                Call("main", timeout, () => main(0, 0));
            }
        }
        else if (instance.GetAction("_start") is { } start)
        {
            Call("_start", timeout, () => { start(); return 0; });
        }

        SetEffective(RootContextId, null);
        if (callbacks.OnContextCreate is { } create)
        {
            Call("proxy_on_context_create", timeout, () => { create(RootContextId, 0); return 0; });
        }

        if (callbacks.OnVmStart is { } vmStart && Call("proxy_on_vm_start", timeout, () => vmStart(RootContextId, host.VmConfiguration.Length)) == 0)
        {
            throw new FilterLoadException($"The filter rejected its VM configuration (proxy_on_vm_start returned false){LoggedError()}.");
        }

        if (callbacks.OnConfigure is { } configure && Call("proxy_on_configure", timeout, () => configure(RootContextId, host.PluginConfiguration.Length)) == 0)
        {
            throw new FilterLoadException($"The filter rejected its plugin configuration (proxy_on_configure returned false){LoggedError()}: fix the configuration and load it again.");
        }

        SetEffective(0, null);
    }

    /// <summary>Creates a stream context (<c>proxy_on_context_create(id, root)</c>); null when the instance broke.</summary>
    public StreamState? CreateStream(RequestInfo info, out string? error)
    {
        lock (gate)
        {
            error = failure;
            if (error is not null || disposed)
            {
                error ??= "The filter host was disposed.";
                return null;
            }

            var stream = new StreamState(nextContextId++, info, info.StartTime ?? host.Options.Clock.GetUtcNow());
            streams[stream.ContextId] = stream;
            if (callbacks.OnContextCreate is { } create && RunLifecycle(stream, "proxy_on_context_create", () => { create(stream.ContextId, RootContextId); return 0; }) is null)
            {
                streams.Remove(stream.ContextId);
                error = failure;
                return null;
            }

            return stream;
        }
    }

    /// <summary>Runs one stream callback. The caller has put the headers/body it passes into <paramref name="stream"/>.</summary>
    private FilterResult Invoke(StreamState stream, string callback, Func<int>? call)
    {
        lock (gate)
        {
            if (failure is not null)
            {
                return FilterResult.Failed(failure);
            }

            if (disposed)
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
                action = Call(callback, host.Options.CallTimeout, call);
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
        lock (gate)
        {
            if (!streams.ContainsKey(stream.ContextId))
            {
                return;
            }

            if (callbacks.OnDone is { } onDone)
            {
                RunLifecycle(stream, "proxy_on_done", () => onDone(stream.ContextId));
            }

            Release(stream);
        }
    }

    /// <summary>Calls <c>proxy_on_tick</c> on the root context if the filter set a tick period.</summary>
    public void Tick()
    {
        lock (gate)
        {
            if (failure is not null || disposed || callbacks.OnTick is not { } onTick)
            {
                return;
            }

            SetEffective(RootContextId, null);
            try
            {
                Call("proxy_on_tick", host.Options.CallTimeout, () => { onTick(RootContextId); return 0; });
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
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            tickTimer?.Dispose();
            foreach (var stream in streams.Values)
            {
                stream.Resumption.TrySetResult(false);
            }

            streams.Clear();
            linker.Dispose();
            store.Dispose();
        }
    }

    private void Release(StreamState stream)
    {
        if (callbacks.OnLog is { } onLog)
        {
            RunLifecycle(stream, "proxy_on_log", () => { onLog(stream.ContextId); return 0; });
        }

        if (callbacks.OnDelete is { } onDelete)
        {
            RunLifecycle(stream, "proxy_on_delete", () => { onDelete(stream.ContextId); return 0; });
        }

        streams.Remove(stream.ContextId);
    }

    /// <summary>Runs a context lifecycle callback (create, done, log, delete) with the stream effective; null when the
    /// instance is (or just became) broken.</summary>
    private int? RunLifecycle(StreamState stream, string callback, Func<int> call)
    {
        if (failure is not null || disposed)
        {
            return null;
        }

        SetEffective(stream.ContextId, stream);
        try
        {
            return Call(callback, host.Options.CallTimeout, call);
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
        effectiveContextId = contextId;
        effectiveStream = stream;
    }

    /// <summary>Runs guest code under a deadline and turns every way it can fail into a <see cref="FilterFailure"/>.</summary>
    private T Call<T>(string callback, TimeSpan timeout, Func<T> call)
    {
        var previous = currentCallback;
        currentCallback = callback;
        store.SetEpochDeadline(WasmRuntime.DeadlineTicks(timeout));
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
            currentCallback = previous;
        }
    }

    private void Break(string reason)
    {
        failure = reason;
        tickTimer?.Dispose();
        tickTimer = null;
        foreach (var stream in streams.Values)
        {
            stream.Resumption.TrySetResult(false);
        }

        host.Log(ProxyLogLevel.Error, effectiveContextId, reason);
    }

    private string LoggedError() => lastError is null ? "" : $"; it logged: \"{lastError}\"";

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
