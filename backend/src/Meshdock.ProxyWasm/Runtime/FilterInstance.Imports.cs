using Meshdock.ProxyWasm.Abi;
using Wasmtime;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>
/// Links the filter: Wasmtime's WASI (with nothing inherited), the host's own WASI clock and stdout/stderr, and every
/// proxy-wasm <c>env</c> function of every ABI version, the ones the sandbox does not implement answering
/// <c>UNIMPLEMENTED</c>, so a well-formed filter always links.
/// </summary>
internal sealed partial class FilterInstance
{
    private const string Preview1 = "wasi_snapshot_preview1";
    private const string Unstable = "wasi_unstable";
    private const int WasiNoSys = 52;

    /// <summary>WASI calls whose preview1 and unstable (snapshot 0) forms are identical, so one serves both.</summary>
    private static readonly HashSet<string> SameInUnstable =
    [
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_close", "fd_fdstat_get", "fd_prestat_get", "fd_prestat_dir_name", "fd_read", "fd_write", "proc_exit",
        "random_get", "sched_yield",
    ];

    private void DefineImports(Module module)
    {
        _linker.DefineWasi();
        _linker.AllowShadowing = true;
        _linker.DefineFunction(Preview1, "clock_time_get", (Func<int, long, int, int>)WasiClockTimeGet);
        _linker.DefineFunction(Preview1, "fd_write", (Func<int, int, int, int, int>)WasiFdWrite);

        var defined = new HashSet<string>(StringComparer.Ordinal);
        void Env(string name, Delegate callback)
        {
            defined.Add(name);
            switch (callback)
            {
                case Action<int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, long, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int, int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int, int, int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                case Func<int, int, int, int, int, int, int, int, int> f: _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, f); break;
                default: throw new InvalidOperationException($"No linker overload for {name}.");
            }
        }

        Env("proxy_log", (Func<int, int, int, int>)Log);
        Env("proxy_get_log_level", (Func<int, int>)GetLogLevel);
        Env("proxy_get_current_time_nanoseconds", (Func<int, int>)GetCurrentTimeNanoseconds);
        Env("proxy_set_tick_period_milliseconds", (Func<int, int>)SetTickPeriodMilliseconds);
        Env("proxy_get_configuration", (Func<int, int, int>)GetConfiguration);
        Env("proxy_get_buffer_bytes", (Func<int, int, int, int, int, int>)GetBufferBytes);
        Env("proxy_set_buffer_bytes", (Func<int, int, int, int, int, int>)SetBufferBytes);
        Env("proxy_get_buffer_status", (Func<int, int, int, int>)GetBufferStatus);
        Env("proxy_get_header_map_pairs", (Func<int, int, int, int>)GetHeaderMapPairs);
        Env("proxy_set_header_map_pairs", (Func<int, int, int, int>)SetHeaderMapPairs);
        Env("proxy_get_header_map_value", (Func<int, int, int, int, int, int>)GetHeaderMapValue);
        Env("proxy_add_header_map_value", (Func<int, int, int, int, int, int>)AddHeaderMapValue);
        Env("proxy_replace_header_map_value", (Func<int, int, int, int, int, int>)ReplaceHeaderMapValue);
        Env("proxy_remove_header_map_value", (Func<int, int, int, int>)RemoveHeaderMapValue);
        Env("proxy_get_header_map_size", (Func<int, int, int>)GetHeaderMapSize);
        Env("proxy_get_property", (Func<int, int, int, int, int>)GetProperty);
        Env("proxy_set_property", (Func<int, int, int, int, int>)SetProperty);
        Env("proxy_get_shared_data", (Func<int, int, int, int, int, int>)GetSharedData);
        Env("proxy_set_shared_data", (Func<int, int, int, int, int, int>)SetSharedData);
        Env("proxy_send_local_response", (Func<int, int, int, int, int, int, int, int, int>)SendLocalResponse);
        Env("proxy_continue_stream", (Func<int, int>)ContinueStream);
        Env("proxy_close_stream", (Func<int, int>)CloseStream);
        Env("proxy_set_effective_context", (Func<int, int>)SetEffectiveContext);
        Env("proxy_done", (Func<int>)Done);
        Env("proxy_call_foreign_function", (Func<int, int, int, int, int, int, int>)CallForeignFunction);
        Env("proxy_define_metric", (Func<int, int, int, int, int>)DefineMetric);
        Env("proxy_increment_metric", (Func<int, long, int>)IncrementMetric);
        Env("proxy_record_metric", (Func<int, long, int>)RecordMetric);
        Env("proxy_get_metric", (Func<int, int, int>)GetMetric);
        Env("emscripten_notify_memory_growth", (Action<int>)(_ => { })); // Emscripten's hook; memory is re-read on every access
        Env("pthread_equal", (Func<int, int, int>)((left, right) => left == right ? 1 : 0));

        var imported = module.Imports.OfType<FunctionImport>().ToDictionary(i => (i.ModuleName, i.Name));
        foreach (var function in HostFunctionCatalog.All.Values.Where(f => !defined.Contains(f.Name)))
        {
            if (function.Signature is not null)
            {
                DefineStub(HostFunctionCatalog.EnvModule, function.Name, function.Parameters, function.Results, (int)ProxyStatus.Unimplemented);
            }
            else if (imported.TryGetValue((HostFunctionCatalog.EnvModule, function.Name), out var legacy))
            {
                // 0.1.0 calls whose result type differs between SDKs: link them with the filter's own signature.
                DefineLegacy(function.Name, legacy);
            }
        }

        foreach (var ((moduleName, name), import) in imported)
        {
            if (moduleName == Unstable && SameInUnstable.Contains(name) && _linker.GetFunction(_store, Preview1, name) is { } same)
            {
                _linker.Define(Unstable, name, same);
            }
            else if (HostFunctionCatalog.WasiModules.Contains(moduleName) && _linker.GetFunction(_store, moduleName, name) is null)
            {
                DefineStub(moduleName, name, import.Parameters, import.Results, WasiNoSys);
            }
        }
    }

    private void DefineStub(string moduleName, string name, IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results, int answer)
    {
        _linker.DefineFunction(moduleName, name, (caller, arguments, returns) =>
        {
            ReportUnimplemented($"{moduleName}.{name}", answer == WasiNoSys ? "ENOSYS" : "UNIMPLEMENTED");
            for (var i = 0; i < returns.Length; i++)
            {
                returns[i] = results[i] == ValueKind.Int64 ? (long)answer : answer;
            }
        }, parameters, results);
    }

    private void DefineLegacy(string name, FunctionImport import)
    {
        Func<int> action = name switch
        {
            "proxy_continue_request" => () => ContinueStream((int)StreamType.HttpRequest),
            "proxy_continue_response" => () => ContinueStream((int)StreamType.HttpResponse),
            _ => () => (int)ProxyStatus.Ok, // proxy_clear_route_cache: the sandbox routes every request to one upstream
        };
        _linker.DefineFunction(HostFunctionCatalog.EnvModule, name, (caller, arguments, returns) =>
        {
            var status = action();
            for (var i = 0; i < returns.Length; i++)
            {
                returns[i] = status;
            }
        }, import.Parameters, import.Results);
    }

    private void ReportUnimplemented(string name, string answer)
    {
        if (_reportedUnimplemented.Add(name))
        {
            _host.Log(ProxyLogLevel.Warn, _effectiveContextId, $"The filter called {name}, which the Meshdock sandbox does not implement; it returned {answer} (a mesh's Envoy may support it).");
        }
    }
}
