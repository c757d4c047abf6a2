using System.Text;
using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Validation;
using Wasmtime;

namespace Meshdock.ProxyWasm.Tests;

/// <summary>
/// Modules with the export and import sets of each public proxy-wasm SDK (SdkShapes/*.wat, each naming the SDK source
/// and version it follows) are accepted by the validator, load in the sandbox host and are answered as Envoy would:
/// every host function they import links, their start-up runs, the VM and plugin configurations reach
/// <c>proxy_on_vm_start</c> and <c>proxy_on_configure</c> the way each SDK reads them, and an absent header is
/// answered the way that SDK's ABI version expects (the 0.1.x Rust SDK traps on anything but OK).
/// </summary>
public sealed class SdkShapeTests
{
    public static TheoryData<string, ProxyAbiVersion, string?> Shapes => new()
    {
        { "rust-0.1.wat", ProxyAbiVersion.V010, "_start" },
        { "rust-0.2.wat", ProxyAbiVersion.V021, "_initialize" },
        { "go-wasip1.wat", ProxyAbiVersion.V020, "_initialize" },
        { "tinygo.wat", ProxyAbiVersion.V020, "_start" },
        { "cpp.wat", ProxyAbiVersion.V021, "_initialize" },
        { "assemblyscript.wat", ProxyAbiVersion.V021, null },
    };

    private static byte[] Compile(string file) =>
        Module.ConvertText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SdkShapes", file)));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheShapeIsValidAndRunsWithBothConfigurationsAndAnAbsentOrPresentHeader(string file, ProxyAbiVersion abi, string? start)
    {
        var module = Compile(file);
        var log = new RecordingLog();

        var report = ModuleValidator.Validate(module).Report;
        using var host = FilterHost.Load(module, "P", new FilterHostOptions { VmConfiguration = "V", Log = log.Add, LogLevel = ProxyLogLevel.Trace });

        Assert.Equal(abi, report?.AbiVersion);
        Assert.Equal(start is null ? [] : [start], report!.Exports.Where(e => e is "_initialize" or "_start"));
        Assert.Equal("vm=V;plugin=P;user=-", Answer(host, []));
        Assert.Equal("vm=V;plugin=P;user=bob", Answer(host, [new("x-user", "bob")]));
        Assert.Empty(log.Entries); // no trap, no call the sandbox does not implement
    }

    private static string Answer(FilterHost host, KeyValuePair<string, string>[] headers)
    {
        using var stream = host.CreateStream();
        var result = stream.OnRequestHeaders(HeaderMap.ForRequest("GET", "/", "h", headers: headers), endOfStream: true);
        Assert.True(result.Action == FilterAction.LocalResponse, $"{result.Action}: {result.Failure}");
        return Encoding.UTF8.GetString(result.Response!.Body.Span);
    }
}
