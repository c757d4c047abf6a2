using System.Text.RegularExpressions;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Operations;

/// <summary>
/// A real, harmless operation: n progress events, m milliseconds apart. It exercises the whole streaming path
/// (store, hub, polling, UI) without a cluster.
/// </summary>
/// <param name="Steps">1–10 000 progress events (default 10).</param>
/// <param name="StepMillis">0–60 000 ms between them (default 100).</param>
/// <param name="Target">Optional name; two selftests with the same name conflict (409), otherwise each has its own.</param>
public sealed record SelftestRequest(int? Steps, int? StepMillis, string? Target);

internal static partial class Selftest
{
    public const string Kind = "selftest";
    public const int MaxSteps = 10_000;
    public const int MaxStepMillis = 60_000;

    public static Validation Validate(SelftestRequest request) => new Validation()
        .InRange("steps", request.Steps, 1, MaxSteps)
        .InRange("stepMillis", request.StepMillis, 0, MaxStepMillis)
        .Check(request.Target is null || TargetName().IsMatch(request.Target), "target",
            "'target' must be 1 to 100 letters, digits or . _ : / - (starting with a letter or digit).");

    public static Task<OperationStart> StartAsync(OperationService operations, SelftestRequest request)
    {
        var steps = request.Steps ?? 10;
        var stepMillis = request.StepMillis ?? 100;
        var target = $"selftest:{request.Target ?? Guid.NewGuid().ToString("N")}";
        return operations.StartAsync(Kind, target, $"Self-test: {steps} steps, {stepMillis} ms apart",
            context => RunAsync(context, steps, stepMillis), steps);
    }

    private static async Task RunAsync(OperationContext context, int steps, int stepMillis)
    {
        for (var step = 1; step <= steps; step++)
        {
            if (stepMillis > 0)
            {
                await Task.Delay(stepMillis, context.CancellationToken);
            }
            else
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            await context.ProgressAsync(step, steps, $"Step {step} of {steps}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")]
    private static partial Regex TargetName();
}
