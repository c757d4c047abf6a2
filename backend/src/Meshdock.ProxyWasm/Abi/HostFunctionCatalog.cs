using Wasmtime;

namespace Meshdock.ProxyWasm.Abi;

/// <summary>One host function of the proxy-wasm ABI, imported by filters from the <c>env</c> module.</summary>
/// <param name="Signature">Parameters, an arrow, then results: <c>i</c> is i32, <c>I</c> is i64 (e.g. <c>iI&gt;i</c>).
/// Null for the legacy calls whose result type differs between SDKs, which the host then links with the module's own
/// signature.</param>
public sealed record HostFunction(string Name, string? Signature)
{
    public IReadOnlyList<ValueKind> Parameters => Kinds(Signature!.Split('>')[0]);

    public IReadOnlyList<ValueKind> Results => Kinds(Signature!.Split('>')[1]);

    public bool Matches(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        Signature is null || (Parameters.SequenceEqual(parameters) && Results.SequenceEqual(results));

    public static string Describe(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        $"({string.Join(", ", parameters.Select(KindName))}) -> ({string.Join(", ", results.Select(KindName))})";

    public string DescribeSignature() => Signature is null ? "any" : Describe(Parameters, Results);

    private static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        _ => kind.ToString(),
    };

    private static ValueKind[] Kinds(string text) =>
        [.. text.Select(c => c == 'I' ? ValueKind.Int64 : ValueKind.Int32)];
}

/// <summary>
/// The <c>env</c> imports a proxy provides, per ABI version, as proxy-wasm-cpp-host (the host inside Envoy) links
/// them in <c>WasmBase::registerCallbacks</c> (src/wasm.cc, checked at commit 52a0291, 2026-07-01; the per-version
/// split dates from 2020, so every Envoy a mesh ships behaves the same): the common set for every version, then
/// <c>proxy_get_configuration</c>, <c>proxy_continue_request/response</c> and <c>proxy_clear_route_cache</c> only
/// for 0.1.0, <c>proxy_continue_stream</c> and <c>proxy_close_stream</c> only for 0.2.x and
/// <c>proxy_get_log_level</c> only for 0.2.1. A module importing a function its version does not get fails to link
/// in Envoy, so the validator refuses it. Emscripten's two <c>env</c> helpers are linked for every version because
/// C++ SDK builds import them.
/// </summary>
public static class HostFunctionCatalog
{
    public const string EnvModule = "env";
    public static readonly IReadOnlyList<string> WasiModules = ["wasi_snapshot_preview1", "wasi_unstable"];

    /// <summary>The functions of WASI preview1 (and, by the same names, snapshot 0 / <c>wasi_unstable</c>).</summary>
    public static readonly IReadOnlySet<string> WasiFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
        "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
        "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
        "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
        "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
        "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
        "sock_recv", "sock_send", "sock_shutdown",
    };

    private static readonly HostFunction[] Common =
    [
        new("proxy_log", "iii>i"),
        new("proxy_get_current_time_nanoseconds", "i>i"),
        new("proxy_set_tick_period_milliseconds", "i>i"),
        new("proxy_get_buffer_bytes", "iiiii>i"),
        new("proxy_set_buffer_bytes", "iiiii>i"),
        new("proxy_get_buffer_status", "iii>i"),
        new("proxy_get_header_map_pairs", "iii>i"),
        new("proxy_set_header_map_pairs", "iii>i"),
        new("proxy_get_header_map_value", "iiiii>i"),
        new("proxy_add_header_map_value", "iiiii>i"),
        new("proxy_replace_header_map_value", "iiiii>i"),
        new("proxy_remove_header_map_value", "iii>i"),
        new("proxy_get_header_map_size", "ii>i"),
        new("proxy_get_property", "iiii>i"),
        new("proxy_set_property", "iiii>i"),
        new("proxy_get_shared_data", "iiiii>i"),
        new("proxy_set_shared_data", "iiiii>i"),
        new("proxy_register_shared_queue", "iii>i"),
        new("proxy_resolve_shared_queue", "iiiii>i"),
        new("proxy_dequeue_shared_queue", "iii>i"),
        new("proxy_enqueue_shared_queue", "iii>i"),
        new("proxy_get_status", "iii>i"),
        new("proxy_send_local_response", "iiiiiiii>i"),
        new("proxy_http_call", "iiiiiiiiii>i"),
        new("proxy_grpc_call", "iiiiiiiiiiii>i"),
        new("proxy_grpc_stream", "iiiiiiiii>i"),
        new("proxy_grpc_send", "iiii>i"),
        new("proxy_grpc_cancel", "i>i"),
        new("proxy_grpc_close", "i>i"),
        new("proxy_set_effective_context", "i>i"),
        new("proxy_done", ">i"),
        new("proxy_define_metric", "iiii>i"),
        new("proxy_increment_metric", "iI>i"),
        new("proxy_record_metric", "iI>i"),
        new("proxy_get_metric", "ii>i"),
        new("proxy_call_foreign_function", "iiiiii>i"),
        new("emscripten_notify_memory_growth", "i>"),
        new("pthread_equal", "ii>i"),
    ];

    private static readonly HostFunction[] Only010 =
    [
        new("proxy_get_configuration", "ii>i"),
        new("proxy_continue_request", null),
        new("proxy_continue_response", null),
        new("proxy_clear_route_cache", null),
    ];

    private static readonly HostFunction[] Since020 =
    [
        new("proxy_continue_stream", "i>i"),
        new("proxy_close_stream", "i>i"),
    ];

    private static readonly HostFunction[] Since021 = [new("proxy_get_log_level", "i>i")];

    private static readonly Dictionary<ProxyAbiVersion, IReadOnlyDictionary<string, HostFunction>> ByVersion = new()
    {
        [ProxyAbiVersion.V010] = Common.Concat(Only010).ToDictionary(f => f.Name),
        [ProxyAbiVersion.V020] = Common.Concat(Since020).ToDictionary(f => f.Name),
        [ProxyAbiVersion.V021] = Common.Concat(Since020).Concat(Since021).ToDictionary(f => f.Name),
    };

    /// <summary>Every function a filter of this ABI version may import from <c>env</c>.</summary>
    public static IReadOnlyDictionary<string, HostFunction> For(ProxyAbiVersion version) => ByVersion[version];

    /// <summary>Every function of every version: the host links all of them (the validator has already refused a
    /// module importing one its version does not get).</summary>
    public static readonly IReadOnlyDictionary<string, HostFunction> All =
        Common.Concat(Only010).Concat(Since020).Concat(Since021).ToDictionary(f => f.Name);
}
