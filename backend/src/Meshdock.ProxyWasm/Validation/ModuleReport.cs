using Meshdock.ProxyWasm.Abi;

namespace Meshdock.ProxyWasm.Validation;

/// <summary>What the validator learned about a valid module; the registry stores and returns it.</summary>
/// <param name="AbiVersion">The newest ABI whose marker the module exports.</param>
/// <param name="Exports">Exported names, in module order.</param>
/// <param name="Imports">Imports as <c>module.name</c>, in module order.</param>
public sealed record ModuleReport(
    ProxyAbiVersion AbiVersion,
    long Size,
    string Sha256,
    IReadOnlyList<string> Exports,
    IReadOnlyList<string> Imports)
{
    /// <summary>"0.2.1" and so on.</summary>
    public string AbiVersionText => AbiVersion.ToDisplayString();
}
