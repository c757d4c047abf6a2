namespace Meshdock.ProxyWasm.Runtime;

/// <summary>Turns Wasmtime's multi-line errors ("... is not valid\n\nCaused by:\n    unexpected end-of-file (at offset
/// 0x57)", traps with backtraces) into the one cause a user can act on.</summary>
internal static partial class WasmtimeMessages
{
    public static string Cause(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var causedBy = Array.IndexOf(lines, "Caused by:");
        if (causedBy < 0 || causedBy + 1 == lines.Length)
        {
            return Clean(lines.FirstOrDefault() ?? message);
        }

        // a chain of causes is numbered ("0: WebAssembly translation error", "1: ... type mismatch"): keep them all
        var causes = lines.Skip(causedBy + 1).TakeWhile(line => !line.StartsWith("wasm backtrace:", StringComparison.Ordinal));
        return string.Join(": ", causes.Select(line => Clean(NumberPrefix().Replace(line, ""))));
    }

    private static string Clean(string cause) => cause.Replace("wasm trap: ", "", StringComparison.Ordinal).TrimEnd('.');

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+: ")]
    private static partial System.Text.RegularExpressions.Regex NumberPrefix();
}
