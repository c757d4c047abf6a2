namespace Meshdock.ProxyWasm.Validation;

/// <summary>Either a report (valid) or one sentence naming what is wrong and what to do (invalid).</summary>
public sealed record ModuleValidationResult
{
    private ModuleValidationResult(ModuleReport? report, string? error)
    {
        Report = report;
        Error = error;
    }

    public ModuleReport? Report { get; }

    public string? Error { get; }

    public bool IsValid => Report is not null;

    public static ModuleValidationResult Valid(ModuleReport report) => new(report, null);

    public static ModuleValidationResult Invalid(string error) => new(null, error);
}
