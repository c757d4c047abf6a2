namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Turns Wasmtime's multi-line errors ("... is not valid\n\nCaused by:\n    unexpected end-of-file (at offset
/// 0x57)", traps with backtraces) into the one cause a user can act on.</summary>
internal static class WasmtimeMessages
{
    public static string Cause(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var causedBy = Array.IndexOf(lines, "Caused by:");
        var cause = causedBy >= 0 && causedBy + 1 < lines.Length ? lines[causedBy + 1] : lines.FirstOrDefault() ?? message;
        return cause.Replace("wasm trap: ", "", StringComparison.Ordinal).TrimEnd('.');
    }
}
