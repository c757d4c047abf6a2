using Meshdock.Server.Features.Filters;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>The body of <c>POST /api/perf/overhead</c>; everything but the mesh has a default.</summary>
/// <param name="Mesh">An installed mesh's id (<c>istio</c>, <c>linkerd</c>…).</param>
/// <param name="Workload">The sample app to measure; httpbin when absent.</param>
/// <param name="Profile">The load; its URLs and runner are ignored (the report targets its own copies of the workload from
/// runner pods in each copy's namespace).</param>
/// <param name="Rounds">How many times each namespace is measured, alternating (1 to 5, default 2).</param>
/// <param name="Filter">A registry filter for a third namespace, in the mesh with the filter attached; none when absent.</param>
/// <param name="RunnerPods">How many runner pods share each run's load (default 1).</param>
public sealed record OverheadRequest(string? Mesh, string? Workload, PerfSpec? Profile, int? Rounds, string? Name, FilterChoice? Filter = null, int? RunnerPods = null)
{
    public const int MaxRounds = 5;

    /// <summary>Open model, 1,000 requests a second over 16 connections for 30 s after a 5 s warm-up.</summary>
    public static readonly PerfSpec DefaultProfile = new(Urls: null, Model: PerfSpec.Open, Rps: 1000, Connections: 16, DurationSeconds: 30, WarmupSeconds: 5);

    public int EffectiveRunnerPods => RunnerPods ?? 1;

    public PerfSpec EffectiveProfile => (Profile ?? DefaultProfile) with { Urls = ["http://placeholder.invalid/"], Runner = null };

    public Validation Validate(IReadOnlyList<string> workloads)
    {
        var validation = new Validation()
            .Require("mesh", Mesh)
            .Check(Workload is null || workloads.Contains(Workload), "workload",
                $"'{Workload}' is not a sample app; choose one of {string.Join(", ", workloads)} (httpbin when left out).")
            .InRange("rounds", Rounds, 1, MaxRounds)
            .InRange("runnerPods", RunnerPods, 1, PerfRunnerSpec.MaxPods)
            .Check(Name is null || Name.Trim().Length is > 0 and <= 100, "name", "'name' must be 1 to 100 characters.");
        var profile = EffectiveProfile;
        validation.Check(profile.DurationSeconds is > 0 || profile.Requests is > 0, "profile",
            "The profile needs 'durationSeconds' (or 'requests'): each round must end on its own.");
        // Checked as the runner pods will run it, so a rate or a request count they cannot share comes back now.
        var asRun = profile with { Runner = new PerfRunnerSpec(PerfRunnerSpec.Cluster, "overhead-check", RunnerPods is >= 1 and <= PerfRunnerSpec.MaxPods ? RunnerPods : 1, Meshed: true) };
        var profileValidation = asRun.Validate(out _);
        return profileValidation.IsValid ? validation : validation.Add("profile", profileValidation.Sentences);
    }
}
