using System.Security.Cryptography;
using System.Text;
using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Runtime;
using Wasmtime;

namespace Meshdock.ProxyWasm.Validation;

/// <summary>
/// Decides whether bytes are a proxy-wasm filter a proxy can load: the checks an upload goes through before anything
/// is stored, each failure a sentence for the user. Never throws for bad input.
/// </summary>
public static class ModuleValidator
{
    /// <summary>The largest module accepted (16 MiB), the same limit as the registry's upload.</summary>
    public const int MaxModuleSize = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "\0asm"u8;

    public static ModuleValidationResult Validate(ReadOnlySpan<byte> bytes)
    {
        var (result, module) = Compile(bytes);
        module?.Dispose();
        return result;
    }

    /// <summary>Validates and keeps the compiled module for the host (null when invalid).</summary>
    internal static (ModuleValidationResult Result, Module? Module) Compile(ReadOnlySpan<byte> bytes)
    {
        if (CheckHeader(bytes) is { } headerError)
        {
            return (ModuleValidationResult.Invalid(headerError), null);
        }

        Module module;
        try
        {
            module = Module.FromBytes(WasmRuntime.Engine, "filter", bytes);
        }
        catch (WasmtimeException e)
        {
            return (ModuleValidationResult.Invalid(
                $"The module does not compile under Wasmtime: {WasmtimeMessages.Cause(e.Message)}. It may be truncated or corrupt: " +
                "rebuild it and upload the complete .wasm file."), null);
        }

        var error = CheckProxyWasmShape(module, out var version);
        if (error is not null)
        {
            module.Dispose();
            return (ModuleValidationResult.Invalid(error), null);
        }

        var report = new ModuleReport(
            version,
            bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            [.. module.Exports.Select(e => e.Name)],
            [.. module.Imports.Select(i => $"{i.ModuleName}.{i.Name}")]);
        return (ModuleValidationResult.Valid(report), module);
    }

    private static string? CheckHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "The file is empty: upload a compiled WebAssembly module (.wasm).";
        }

        if (bytes.Length > MaxModuleSize)
        {
            return $"The module is {bytes.Length} bytes, more than the 16 MiB ({MaxModuleSize} bytes) limit: " +
                   "build it in release mode and strip debug information.";
        }

        if (bytes.Length < 8 || !bytes[..4].SequenceEqual(Magic))
        {
            if (LooksLikeText(bytes))
            {
                return "The file is WebAssembly text (.wat), not a compiled module: convert it with wat2wasm and upload the .wasm.";
            }

            return bytes.Length < 8 && Magic.StartsWith(bytes[..Math.Min(bytes.Length, 4)])
                ? $"The file is only {bytes.Length} bytes, shorter than a WebAssembly header: it is truncated, upload the complete .wasm file."
                : "The file does not start with the WebAssembly magic bytes (\\0asm): it is not a compiled WebAssembly module.";
        }

        var version = BitConverter.ToUInt32(bytes[4..8]);
        return version switch
        {
            1 => null,
            0x1000d => "The file is a WebAssembly component, not a core module: proxies load core modules built for wasm32-wasi (or wasm32-unknown-unknown).",
            _ => $"The file declares WebAssembly binary version {version}, but only version 1 modules can be loaded.",
        };
    }

    private static string? CheckProxyWasmShape(Module module, out ProxyAbiVersion version)
    {
        var functions = module.Exports.OfType<FunctionExport>().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        version = ProxyAbiVersion.V021;
        var marker = ProxyAbiVersions.NewestFirst.Cast<ProxyAbiVersion?>().FirstOrDefault(v => functions.Contains(v!.Value.Marker()));
        if (marker is null)
        {
            return "The module exports no proxy-wasm ABI marker (proxy_abi_version_0_1_0, proxy_abi_version_0_2_0 or " +
                   "proxy_abi_version_0_2_1): it was not built with a proxy-wasm SDK, so no proxy can run it.";
        }

        version = marker.Value;
        if (!functions.Contains("proxy_on_memory_allocate") && !functions.Contains("malloc"))
        {
            return "The module exports no allocator (proxy_on_memory_allocate or malloc), so the proxy cannot pass it headers or bodies: export one from the filter.";
        }

        if (!module.Exports.OfType<MemoryExport>().Any(m => m.Name == "memory"))
        {
            return "The module exports no linear memory named \"memory\", which proxies need to exchange data with it.";
        }

        return CheckHeaderCallbacks(module, version) ?? CheckImports(module, version);
    }

    /// <summary>
    /// The header callbacks gained <c>end_of_stream</c> in ABI 0.2.0. Envoy looks each up with its version's signature
    /// only: on V8 (Istio's runtime) a different one fails the VM with "Bad function signature", on Wasmtime the
    /// callback is silently never called.
    /// </summary>
    private static string? CheckHeaderCallbacks(Module module, ProxyAbiVersion version)
    {
        var arity = version == ProxyAbiVersion.V010 ? 2 : 3;
        foreach (var name in (string[])["proxy_on_request_headers", "proxy_on_response_headers"])
        {
            if (module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name) is { } callback
                && (callback.Parameters.Count != arity || callback.Parameters.Any(p => p != ValueKind.Int32)
                    || callback.Results.Count != 1 || callback.Results[0] != ValueKind.Int32))
            {
                var expected = version == ProxyAbiVersion.V010 ? "(i32 context_id, i32 headers)" : "(i32 context_id, i32 headers, i32 end_of_stream)";
                return $"The module exports {name} as {HostFunction.Describe(callback.Parameters, callback.Results)}, but under ABI " +
                       $"{version.ToDisplayString()} proxies call it as {expected} -> i32: build it with an SDK of the ABI version its marker names.";
            }
        }

        return null;
    }

    private static string? CheckImports(Module module, ProxyAbiVersion version)
    {
        var allowed = HostFunctionCatalog.For(version);
        var problems = new List<string>();
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            if (import is not FunctionImport function)
            {
                problems.Add($"{name} is imported as a {KindOf(import)}, but proxies only provide functions");
            }
            else if (import.ModuleName == HostFunctionCatalog.EnvModule)
            {
                if (!allowed.TryGetValue(import.Name, out var known))
                {
                    problems.Add($"{name} is not a proxy-wasm ABI {version.ToDisplayString()} host function");
                }
                else if (!known.Matches(function.Parameters, function.Results))
                {
                    problems.Add($"{name} is imported as {HostFunction.Describe(function.Parameters, function.Results)} but the ABI defines it as {known.DescribeSignature()}");
                }
            }
            else if (!HostFunctionCatalog.WasiModules.Contains(import.ModuleName))
            {
                problems.Add($"{name} comes from module \"{import.ModuleName}\", but proxies provide only \"env\" and WASI (wasi_snapshot_preview1, wasi_unstable)");
            }
            else if (!HostFunctionCatalog.WasiFunctions.Contains(import.Name))
            {
                problems.Add($"{name} is not a WASI preview1 function");
            }
        }

        if (problems.Count == 0)
        {
            return null;
        }

        var shown = string.Join("; ", problems.Take(3));
        var more = problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "";
        return $"The module imports what no proxy provides: {shown}{more}. Rebuild it against a proxy-wasm SDK without other host imports.";
    }

    private static string KindOf(Import import) => import switch
    {
        MemoryImport => "memory",
        TableImport => "table",
        GlobalImport => "global",
        _ => "non-function",
    };

    private static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 256)]).TrimStart();
        return head.StartsWith("(module", StringComparison.Ordinal) || head.StartsWith(";;", StringComparison.Ordinal);
    }
}
