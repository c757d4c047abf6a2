using Meshdock.Load;
using Meshdock.Load.Fortio;
using Meshdock.Load.Grpc;
using Meshdock.Load.Smp;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Features.Performance.Overhead;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Performance;

public static class PerformanceApi
{
    /// <summary>SMP files are a few kilobytes; this leaves room for long header and body fields. The endpoint lets
    /// Kestrel read a little past it, so that the import's own sentence, not Kestrel's, refuses a larger file.</summary>
    public const int MaxImportBytes = 4 * 1024 * 1024;

    /// <summary>A load test's body may be 10 MiB (see LoadSpecValidator), plus the rest of the spec.</summary>
    private const long MaxSpecBytes = 11 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPerformance(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/perf").WithTags("Performance");

        var profiles = group.MapGroup("/profiles");
        profiles.MapGet("/", ListProfilesAsync).WithName("ListPerfProfiles");
        profiles.MapPost("/", CreateProfileAsync).WithName("CreatePerfProfile").WithBodyLimit(MaxSpecBytes);
        profiles.MapGet("/{id}", GetProfileAsync).WithName("GetPerfProfile");
        profiles.MapPut("/{id}", UpdateProfileAsync).WithName("UpdatePerfProfile").WithBodyLimit(MaxSpecBytes);
        profiles.MapDelete("/{id}", DeleteProfileAsync).WithName("DeletePerfProfile");

        var runs = group.MapGroup("/runs");
        runs.MapPost("/", StartRunAsync).WithName("StartPerfRun").WithBodyLimit(MaxSpecBytes).WithSummary("Start a load test (an operation whose id is the run's id)");
        runs.MapGet("/", ListRunsAsync).WithName("ListPerfRuns");
        runs.MapGet("/{id}", GetRunAsync).WithName("GetPerfRun");
        runs.MapGet("/{id}/smp", ExportSmpAsync).WithName("ExportPerfRunSmp");
        runs.MapGet("/{id}/fortio", ExportFortioAsync).WithName("ExportPerfRunFortio");
        runs.MapPost("/import", PerfImport.ImportAsync).WithName("ImportPerfRun").WithBodyLimit(MaxImportBytes + (1024 * 1024)).WithSummary("Import an SMP result (YAML or JSON) or a Fortio JSON result as a run; a bare SMP test configuration becomes a profile");
        runs.MapDelete("/{id}", DeleteRunAsync).WithName("DeletePerfRun");

        group.MapGet("/targets", ListTargetsAsync).WithName("ListPerfTargets").AddEndpointFilter<ClusterUnavailableFilter>()
            .WithSummary("The cluster's Services and sample apps as targets, with the URL each runner reaches them by");
        group.MapGet("/compare", CompareAsync).WithName("ComparePerfRuns").WithSummary("Runs side by side against the first as baseline");
        endpoints.MapOverhead();
        return endpoints;
    }

    private static async Task<Ok<PerfTargetList>> ListTargetsAsync(PerfTargets targets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await targets.ListAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<PerfProfile>>> ListProfilesAsync(PerfStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListProfilesAsync(cancellationToken));

    private static async Task<Results<Ok<PerfProfile>, ProblemHttpResult>> GetProfileAsync(string id, PerfStore store, CancellationToken cancellationToken) =>
        await store.GetProfileAsync(id, cancellationToken) is { } profile ? TypedResults.Ok(profile) : ProfileNotFound(id);

    private static async Task<Results<Created<PerfProfile>, ValidationProblem, ProblemHttpResult>> CreateProfileAsync(
        PerfProfileRequest request, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = ValidateProfile(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var now = time.GetUtcNow();
        var profile = new PerfProfile(Guid.CreateVersion7().ToString("N"), request.Name!.Trim(), request.Spec!, now, now);
        return await store.SaveProfileAsync(profile, cancellationToken)
            ? TypedResults.Created($"/api/perf/profiles/{profile.Id}", profile)
            : NameTaken(profile.Name);
    }

    private static async Task<Results<Ok<PerfProfile>, ValidationProblem, ProblemHttpResult>> UpdateProfileAsync(
        string id, PerfProfileRequest request, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = ValidateProfile(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        if (await store.GetProfileAsync(id, cancellationToken) is not { } existing)
        {
            return ProfileNotFound(id);
        }

        var profile = existing with { Name = request.Name!.Trim(), Spec = request.Spec!, UpdatedAt = time.GetUtcNow() };
        return await store.SaveProfileAsync(profile, cancellationToken) ? TypedResults.Ok(profile) : NameTaken(profile.Name);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteProfileAsync(string id, PerfStore store, CancellationToken cancellationToken) =>
        await store.DeleteProfileAsync(id, cancellationToken) ? TypedResults.NoContent() : ProfileNotFound(id);

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> StartRunAsync(
        PerfRunRequest request, PerfStore store, PerfRunner runner, CancellationToken cancellationToken)
    {
        PerfProfile? profile = null;
        if (request.ProfileId is { } profileId && (profile = await store.GetProfileAsync(profileId, cancellationToken)) is null)
        {
            return ProfileNotFound(profileId);
        }

        var spec = request.Spec ?? profile?.Spec;
        var validation = new Validation()
            .Check(spec is not null, "spec", "Give a 'spec' (the URL, model, rate, connections and duration to run) or the 'profileId' of a saved profile.")
            .Check(request.Name is null || request.Name.Trim().Length is > 0 and <= 100, "name", "'name' must be 1 to 100 characters.");
        LoadSpec? load = null;
        if (validation.IsValid)
        {
            validation = spec!.Validate(out var validated);
            load = validated;
        }

        // With server reflection the request can only be checked against what the server describes: ask it now, so
        // a field that does not fit is a 400 naming it rather than a failed run.
        if (validation.IsValid && await GrpcMessages.CheckWithServerAsync(load!, cancellationToken) is { } grpcError)
        {
            validation.Add(grpcError.Field, grpcError.Message);
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var name = request.Name?.Trim() ?? profile?.Name ?? (load!.IsGrpc ? load.Urls[0] : $"{load.Method} {load.Urls[0]}");
        return (await runner.StartAsync(name, profile?.Id, spec!, load!)).ToHttpResult();
    }

    private static async Task<Results<Ok<IReadOnlyList<PerfRun>>, ValidationProblem>> ListRunsAsync(
        PerfStore store, CancellationToken cancellationToken, string? profileId = null, string? host = null, string? status = null,
        DateTimeOffset? since = null, int limit = 100)
    {
        var validation = new Validation()
            .InRange("limit", limit, 1, 1000)
            .Check(status is null or "running" or "succeeded" or "failed" or "cancelled" or "interrupted", "status",
                "'status' must be running, succeeded, failed, cancelled or interrupted.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return TypedResults.Ok(await store.ListRunsAsync(new PerfRunFilter(profileId, host, status, since, limit), cancellationToken));
    }

    private static async Task<Results<Ok<PerfRun>, ProblemHttpResult>> GetRunAsync(string id, PerfStore store, CancellationToken cancellationToken) =>
        await store.GetRunAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : RunNotFound(id);

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportSmpAsync(
        string id, PerfStore store, PerfEnvironment environment, CancellationToken cancellationToken, string format = "yaml")
    {
        var validation = new Validation().Check(format is "yaml" or "json", "format", $"'format' must be yaml or json, not '{format}'.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        if (await store.GetRunAsync(id, cancellationToken) is not { } run)
        {
            return RunNotFound(id);
        }

        SmpDocument document;
        if (run.Source == PerfRun.Imported)
        {
            document = SmpFormat.Parse((await store.GetImportedSmpAsync(id, cancellationToken))!);
        }
        else if (run.Result is { } result)
        {
            // A cluster run measured what the mesh's proxies and control plane used: SMP's ServiceMeshConfig carries it.
            var mesh = await environment.MeshOfAsync(result.Spec.Urls[0], cancellationToken);
            if (mesh is not null && run.Summary?.Resources is { } resources)
            {
                mesh = PerfResources.WithUsage(mesh, resources.Proxy, resources.ControlPlane, result.ActualRps);
            }

            document = SmpExport.FromResult(result, new SmpExportContext
            {
                Id = run.Id,
                Name = run.Name,
                DetailsUri = $"/api/perf/runs/{run.Id}",
                Environment = await environment.DescribeAsync(cancellationToken),
                Mesh = mesh,
            });
        }
        else
        {
            return StillRunning(run);
        }

        return format == "json"
            ? TypedResults.Text(SmpFormat.ToJson(document), "application/json")
            : TypedResults.Text(SmpFormat.ToYaml(document), "application/yaml");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportFortioAsync(string id, PerfStore store, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(id, cancellationToken) is not { } run)
        {
            return RunNotFound(id);
        }

        if (run.Source == PerfRun.Imported)
        {
            return TypedResults.Problem(
                $"Run '{id}' was imported from an SMP file, which carries percentiles but no histogram; Fortio's format needs the histogram of a run Meshdock measured.",
                statusCode: StatusCodes.Status409Conflict, title: "No histogram");
        }

        if (run.Result is not { } result)
        {
            return StillRunning(run);
        }

        return FortioExport.Refusal(result.Spec) is { } refusal
            ? TypedResults.Problem($"Run '{id}' is a gRPC run. {refusal}", statusCode: StatusCodes.Status409Conflict, title: "Not in Fortio's format")
            : TypedResults.Text(FortioExport.ToJson(result, run.Name), "application/json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRunAsync(string id, PerfStore store, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(id, cancellationToken) is not { } run)
        {
            return RunNotFound(id);
        }

        if (run.Status == "running")
        {
            return TypedResults.Problem($"Run '{id}' is still running; cancel it first (POST /api/operations/{id}/cancel), then delete it.",
                statusCode: StatusCodes.Status409Conflict, title: "Still running");
        }

        await store.DeleteRunAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PerfComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        string? ids, PerfStore store, CancellationToken cancellationToken)
    {
        var list = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var validation = new Validation()
            .Check(list.Count is >= PerfComparison.MinRuns and <= PerfComparison.MaxRuns, "ids",
                $"'ids' must list {PerfComparison.MinRuns} to {PerfComparison.MaxRuns} run ids separated by commas, the baseline first; it lists {list.Count}.")
            .Check(list.Distinct(StringComparer.Ordinal).Count() == list.Count, "ids", "'ids' lists a run more than once.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var runs = new List<PerfRun>();
        foreach (var id in list)
        {
            if (await store.GetRunAsync(id, cancellationToken) is not { } run)
            {
                return RunNotFound(id);
            }

            if (run.Summary is null)
            {
                return StillRunning(run);
            }

            runs.Add(run);
        }

        return TypedResults.Ok(PerfComparison.Of(runs));
    }

    private static Validation ValidateProfile(PerfProfileRequest request)
    {
        var validation = new Validation()
            .Check(request.Name?.Trim().Length is > 0 and <= 100, "name", "A profile needs a 'name' of 1 to 100 characters.")
            .Check(request.Spec is not null, "spec", "A profile needs a 'spec': the URL, model, rate, connections and duration to run.");
        if (validation.IsValid)
        {
            return request.Spec!.Validate(out _);
        }

        return validation;
    }

    internal static ProblemHttpResult RunNotFound(string id) => TypedResults.Problem(
        $"There is no performance run '{id}'; list them with GET /api/perf/runs.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult ProfileNotFound(string id) => TypedResults.Problem(
        $"There is no performance profile '{id}'; list them with GET /api/perf/profiles.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NameTaken(string name) => TypedResults.Problem(
        $"A profile named '{name}' already exists; choose another name or update that profile.", statusCode: StatusCodes.Status409Conflict, title: "Name taken");

    private static ProblemHttpResult StillRunning(PerfRun run) => TypedResults.Problem(
        $"Run '{run.Id}' has no result yet (it is {run.Status}); wait for its operation to finish.", statusCode: StatusCodes.Status409Conflict, title: "No result yet");
}
