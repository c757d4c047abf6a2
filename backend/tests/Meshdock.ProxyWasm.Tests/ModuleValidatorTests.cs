using System.Security.Cryptography;
using System.Text;
using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Validation;
using Wasmtime;

namespace Meshdock.ProxyWasm.Tests;

public sealed class ModuleValidatorTests
{
    private static string Minimal(string marker = "proxy_abi_version_0_2_1", string imports = "", string exports = """
        (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 0))
        (func (export "_initialize"))
        (memory (export "memory") 1)
        """) => $$"""
        (module
          {{imports}}
          (func (export "{{marker}}"))
          {{exports}})
        """;

    private static ModuleValidationResult ValidateText(string wat) => ModuleValidator.Validate(Module.ConvertText(wat));

    [Fact]
    public void AValidModuleIsReportedWithItsAbiExportsImportsSizeAndHash()
    {
        var bytes = Module.ConvertText(Minimal(imports: """(import "env" "proxy_log" (func (param i32 i32 i32) (result i32)))"""));

        var result = ModuleValidator.Validate(bytes);

        Assert.True(result.IsValid, result.Error);
        var report = result.Report!;
        Assert.Equal(ProxyAbiVersion.V021, report.AbiVersion);
        Assert.Equal("0.2.1", report.AbiVersionText);
        Assert.Equal(bytes.Length, report.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), report.Sha256);
        Assert.Equal(["env.proxy_log"], report.Imports);
        Assert.Equal(["proxy_abi_version_0_2_1", "proxy_on_memory_allocate", "_initialize", "memory"], report.Exports);
    }

    [Theory]
    [InlineData("proxy_abi_version_0_1_0", ProxyAbiVersion.V010)]
    [InlineData("proxy_abi_version_0_2_0", ProxyAbiVersion.V020)]
    public void OlderAbiMarkersAreRecognised(string marker, ProxyAbiVersion expected)
    {
        Assert.Equal(expected, ValidateText(Minimal(marker)).Report?.AbiVersion);
    }

    [Fact]
    public void TheRateLimitFilterIsValid()
    {
        Assert.True(ModuleValidator.Validate(RateLimitFilter.Module).IsValid);
    }

    [Fact]
    public void AnEmptyFileIsRefused()
    {
        Assert.Equal("The file is empty: upload a compiled WebAssembly module (.wasm).", ModuleValidator.Validate([]).Error);
    }

    [Fact]
    public void AnOversizedFileIsRefusedBeforeCompiling()
    {
        var bytes = new byte[ModuleValidator.MaxModuleSize + 1];
        "\0asm\u0001\0\0\0"u8.CopyTo(bytes);

        var error = ModuleValidator.Validate(bytes).Error;

        Assert.Equal("The module is 16777217 bytes, more than the 16 MiB (16777216 bytes) limit: build it in release mode and strip debug information.", error);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void ATruncatedModuleIsRefused(double keep)
    {
        var module = RateLimitFilter.Module;
        var length = keep >= 1 ? (int)keep : (int)(module.Length * keep);

        var error = ModuleValidator.Validate(module.AsSpan(0, length)).Error;

        Assert.NotNull(error);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedModuleNamesWhereItEnds()
    {
        var error = ModuleValidator.Validate(RateLimitFilter.Module.AsSpan(0, 100)).Error;

        Assert.Matches(@"^The module does not compile under Wasmtime: unexpected end-of-file \(at offset 0x[0-9a-f]+\)\. It may be truncated or corrupt: rebuild it and upload the complete \.wasm file\.$", error);
    }

    [Fact]
    public void RandomBytesAreRefused()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);

        Assert.Equal("The file does not start with the WebAssembly magic bytes (\\0asm): it is not a compiled WebAssembly module.",
            ModuleValidator.Validate(bytes).Error);
    }

    [Fact]
    public void RandomBytesAfterAValidHeaderAreRefused()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        "\0asm\u0001\0\0\0"u8.CopyTo(bytes);

        Assert.StartsWith("The module does not compile under Wasmtime: malformed section id", ModuleValidator.Validate(bytes).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptedModulesNeverThrow()
    {
        var random = new Random(1234);
        for (var i = 0; i < 40; i++)
        {
            var bytes = RateLimitFilter.Module.ToArray();
            for (var flips = 0; flips < 8; flips++)
            {
                bytes[8 + random.Next(bytes.Length - 8)] ^= (byte)(1 + random.Next(255));
            }

            var result = ModuleValidator.Validate(bytes);
            Assert.True(result.IsValid || !string.IsNullOrWhiteSpace(result.Error));
        }
    }

    [Fact]
    public void WebAssemblyTextIsRefusedWithAHint()
    {
        var error = ModuleValidator.Validate(Encoding.UTF8.GetBytes(Minimal())).Error;

        Assert.Equal("The file is WebAssembly text (.wat), not a compiled module: convert it with wat2wasm and upload the .wasm.", error);
    }

    [Fact]
    public void AComponentIsRefused()
    {
        Assert.StartsWith("The file is a WebAssembly component", ModuleValidator.Validate("\0asm\u000d\0\u0001\0"u8).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingMarkerIsRefused()
    {
        var error = ValidateText(Minimal(marker: "not_a_marker")).Error;

        Assert.Equal("The module exports no proxy-wasm ABI marker (proxy_abi_version_0_1_0, proxy_abi_version_0_2_0 or " +
                     "proxy_abi_version_0_2_1): it was not built with a proxy-wasm SDK, so no proxy can run it.", error);
    }

    [Fact]
    public void AMissingAllocatorIsRefused()
    {
        var error = ValidateText(Minimal(exports: """(func (export "_initialize")) (memory (export "memory") 1)""")).Error;

        Assert.StartsWith("The module exports no allocator (proxy_on_memory_allocate or malloc)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MallocIsAnAcceptedAllocator()
    {
        var result = ValidateText(Minimal(exports: """
            (func (export "malloc") (param i32) (result i32) (i32.const 0))
            (func (export "_start"))
            (memory (export "memory") 1)
            """));

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void AModuleWithNeitherInitializeNorStartIsValid()
    {
        // Rust wasm32-unknown-unknown and AssemblyScript builds export neither; Envoy calls them only when present.
        var result = ValidateText(Minimal(exports: """
            (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 0))
            (memory (export "memory") 1)
            """));

        Assert.True(result.IsValid, result.Error);
        Assert.DoesNotContain(result.Report!.Exports, e => e is "_initialize" or "_start");
    }

    [Fact]
    public void AnUnknownEnvImportIsRefused()
    {
        var error = ValidateText(Minimal(imports: """(import "env" "foo" (func (param i32) (result i32)))""")).Error;

        Assert.Equal("The module imports what no proxy provides: env.foo is not a proxy-wasm ABI 0.2.1 host function. " +
                     "Rebuild it against a proxy-wasm SDK without other host imports.", error);
    }

    [Fact]
    public void AnImportFromAnotherModuleIsRefused()
    {
        var error = ValidateText(Minimal(imports: """(import "js" "alert" (func))""")).Error;

        Assert.Contains("js.alert comes from module \"js\", but proxies provide only \"env\" and WASI", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongSignatureIsRefused()
    {
        var error = ValidateText(Minimal(imports: """(import "env" "proxy_log" (func (param i32) (result i32)))""")).Error;

        Assert.Contains("env.proxy_log is imported as (i32) -> (i32) but the ABI defines it as (i32, i32, i32) -> (i32)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportListsArePerAbiVersion()
    {
        const string LogLevel = """(import "env" "proxy_get_log_level" (func (param i32) (result i32)))""";

        Assert.True(ValidateText(Minimal("proxy_abi_version_0_2_1", LogLevel)).IsValid);
        Assert.Contains("env.proxy_get_log_level is not a proxy-wasm ABI 0.2.0 host function",
            ValidateText(Minimal("proxy_abi_version_0_2_0", LogLevel)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void WasiImportsAreAccepted()
    {
        var result = ValidateText(Minimal(imports: """
            (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
            (import "wasi_unstable" "random_get" (func (param i32 i32) (result i32)))
            """));

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void AnUnknownWasiFunctionIsRefused()
    {
        var error = ValidateText(Minimal(imports: """(import "wasi_snapshot_preview1" "open_socket" (func (param i32) (result i32)))""")).Error;

        Assert.Contains("wasi_snapshot_preview1.open_socket is not a WASI preview1 function", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImportedMemoryIsRefused()
    {
        var error = ValidateText(Minimal(imports: """(import "env" "memory" (memory 1))""")).Error;

        Assert.Contains("env.memory is imported as a memory, but proxies only provide functions", error, StringComparison.Ordinal);
    }
}
