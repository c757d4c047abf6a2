namespace Meshdock.ProxyWasm.Tests;

/// <summary>WAT import declarations of the host calls the test modules use.</summary>
internal static class Imports
{
    public const string Log = """(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))""";
    public const string GetLogLevel = """(import "env" "proxy_get_log_level" (func $get_log_level (param i32) (result i32)))""";
    public const string GetTime = """(import "env" "proxy_get_current_time_nanoseconds" (func $get_time (param i32) (result i32)))""";
    public const string WasiClock = """(import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))""";
    public const string WasiFdWrite = """(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))""";
    public const string WasiProcExit = """(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))""";
    public const string SetTick = """(import "env" "proxy_set_tick_period_milliseconds" (func $set_tick (param i32) (result i32)))""";
    public const string GetBufferBytes = """(import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string SetBufferBytes = """(import "env" "proxy_set_buffer_bytes" (func $set_buffer (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string GetBufferStatus = """(import "env" "proxy_get_buffer_status" (func $buffer_status (param i32 i32 i32) (result i32)))""";
    public const string GetPairs = """(import "env" "proxy_get_header_map_pairs" (func $get_pairs (param i32 i32 i32) (result i32)))""";
    public const string SetPairs = """(import "env" "proxy_set_header_map_pairs" (func $set_pairs (param i32 i32 i32) (result i32)))""";
    public const string GetValue = """(import "env" "proxy_get_header_map_value" (func $get_value (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string AddValue = """(import "env" "proxy_add_header_map_value" (func $add_value (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string ReplaceValue = """(import "env" "proxy_replace_header_map_value" (func $replace_value (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string RemoveValue = """(import "env" "proxy_remove_header_map_value" (func $remove_value (param i32 i32 i32) (result i32)))""";
    public const string MapSize = """(import "env" "proxy_get_header_map_size" (func $map_size (param i32 i32) (result i32)))""";
    public const string GetProperty = """(import "env" "proxy_get_property" (func $get_property (param i32 i32 i32 i32) (result i32)))""";
    public const string SetProperty = """(import "env" "proxy_set_property" (func $set_property (param i32 i32 i32 i32) (result i32)))""";
    public const string GetShared = """(import "env" "proxy_get_shared_data" (func $get_shared (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string SetShared = """(import "env" "proxy_set_shared_data" (func $set_shared (param i32 i32 i32 i32 i32) (result i32)))""";
    public const string DefineMetric = """(import "env" "proxy_define_metric" (func $define_metric (param i32 i32 i32 i32) (result i32)))""";
    public const string IncrementMetric = """(import "env" "proxy_increment_metric" (func $increment_metric (param i32 i64) (result i32)))""";
    public const string RecordMetric = """(import "env" "proxy_record_metric" (func $record_metric (param i32 i64) (result i32)))""";
    public const string GetMetric = """(import "env" "proxy_get_metric" (func $get_metric (param i32 i32) (result i32)))""";
    public const string SetEffectiveContext = """(import "env" "proxy_set_effective_context" (func $set_effective_context (param i32) (result i32)))""";
    public const string ContinueStream = """(import "env" "proxy_continue_stream" (func $continue_stream (param i32) (result i32)))""";
    public const string CloseStream = """(import "env" "proxy_close_stream" (func $close_stream (param i32) (result i32)))""";
    public const string Done = """(import "env" "proxy_done" (func $done (result i32)))""";
    public const string HttpCall = """(import "env" "proxy_http_call" (func $http_call (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))""";

    public static string All(params string[] imports) => string.Join('\n', imports);
}
