using System.Security.Cryptography;
using System.Text;
using Meshdock.Load;
using Meshdock.Load.Fortio;
using Meshdock.Load.Smp;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Imports a run measured elsewhere (or exported earlier) so it can be compared: an SMP result, or Fortio's JSON
/// result of an HTTP run. A file is identified by its SMP id (or its content hash when it has none): importing it
/// again returns the run already stored. A bare SMP test configuration (no result) becomes a profile.
/// </summary>
internal static class PerfImport
{
    public static async Task<Results<Created<PerfRun>, Ok<PerfRun>, Created<PerfProfile>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ReadTextAsync(request, cancellationToken) is not { } text)
        {
            return TypedResults.Problem($"The file is larger than {PerformanceApi.MaxImportBytes / (1024 * 1024)} MiB; SMP results are a few kilobytes, so check that this is the right file.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        if (FortioImport.LooksLikeFortio(text))
        {
            return await ImportFortioAsync(text, store, time, cancellationToken);
        }

        SmpDocument document;
        LoadSpec spec;
        SmpOutcome? outcome;
        try
        {
            document = SmpFormat.Parse(text);
            spec = SmpExport.ToLoadSpec(document);
            outcome = SmpExport.OutcomeOf(document);
        }
        catch (SmpFormatException e)
        {
            return new Validation().Add(e.Field, e.Message).ToProblem();
        }

        if (document.Result is not { } result)
        {
            return await ImportProfileAsync(document, spec, store, time, cancellationToken);
        }

        var identity = document.Identity;
        if (await store.FindByIdentityAsync(identity, cancellationToken) is { } existingId)
        {
            return TypedResults.Ok((await store.GetRunAsync(existingId, cancellationToken))!);
        }

        var latency = result.LatenciesMs is { } l ? new PerfLatency(l.Min, l.Average, l.P50, null, l.P90, l.P99, null, null, l.Max) : null;
        var run = new PerfRun(
            Guid.CreateVersion7().ToString("N"),
            document.Name ?? $"Imported {result.StartTime:yyyy-MM-dd HH:mm} ({spec.Urls[0]})",
            PerfRun.Imported,
            "succeeded",
            ProfileId: null,
            PerfRunner.TargetHost(spec),
            PerfSpec.From(spec),
            time.GetUtcNow(),
            new PerfRunSummary(result.StartTime, result.EndTime, (result.EndTime - result.StartTime).TotalSeconds, outcome?.Requests,
                result.ActualQps, outcome?.SocketErrors, Cancelled: result.Labels.GetValueOrDefault(SmpExport.CancelledLabel) == "true",
                latency, outcome?.StatusCodes, GrpcStatusCodes: outcome?.GrpcStatusCodes));
        await store.SaveRunAsync(run, SmpFormat.ToJson(document), identity, cancellationToken);
        return TypedResults.Created($"/api/perf/runs/{run.Id}", run);
    }

    private static async Task<Results<Created<PerfRun>, Ok<PerfRun>, Created<PerfProfile>, ValidationProblem, ProblemHttpResult>> ImportFortioAsync(
        string text, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        FortioResult fortio;
        try
        {
            fortio = FortioImport.Parse(text);
        }
        catch (FortioFormatException e)
        {
            return new Validation().Add(e.Field, e.Message).ToProblem();
        }

        var identity = "fortio:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (await store.FindByIdentityAsync(identity, cancellationToken) is { } existingId)
        {
            return TypedResults.Ok((await store.GetRunAsync(existingId, cancellationToken))!);
        }

        var spec = FortioImport.ToLoadSpec(fortio);
        var histogram = fortio.DurationHistogram;
        var latency = histogram.Count == 0 ? null : new PerfLatency(histogram.Min * 1000, histogram.Avg * 1000, fortio.PercentileMs(50),
            fortio.PercentileMs(75), fortio.PercentileMs(90), fortio.PercentileMs(99), fortio.PercentileMs(99.9), null, histogram.Max * 1000);
        var run = new PerfRun(
            Guid.CreateVersion7().ToString("N"),
            fortio.Labels.Length > 0 ? fortio.Labels : $"Fortio {fortio.StartTime.ToUniversalTime():yyyy-MM-dd HH:mm} ({fortio.Url})",
            PerfRun.Imported,
            "succeeded",
            ProfileId: null,
            PerfRunner.TargetHost(spec),
            PerfSpec.From(spec),
            time.GetUtcNow(),
            new PerfRunSummary(fortio.StartTime, fortio.EndTime, fortio.ActualDuration.TotalSeconds, fortio.RetCodes.Values.Sum(), fortio.ActualQps,
                Errors: fortio.RetCodes.GetValueOrDefault(-1), Cancelled: false, latency,
                StatusCodes: fortio.RetCodes.Where(p => p.Key > 0).ToDictionary()));
        // Fortio's result has no id SMP could use: the run's id links the SMP messages exported from it.
        var smp = SmpExport.LinkIds(FortioImport.ToSmp(fortio) with { Id = run.Id });
        await store.SaveRunAsync(run, SmpFormat.ToJson(smp), identity, cancellationToken);
        return TypedResults.Created($"/api/perf/runs/{run.Id}", run);
    }

    /// <summary>A test configuration without a result is a test to run: it is saved as a profile.</summary>
    private static async Task<Results<Created<PerfRun>, Ok<PerfRun>, Created<PerfProfile>, ValidationProblem, ProblemHttpResult>> ImportProfileAsync(
        SmpDocument document, LoadSpec spec, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var perfSpec = PerfSpec.From(spec);
        var validation = perfSpec.Validate(out _);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var name = (document.Name ?? $"{spec.Method} {spec.Urls[0]}").Trim();
        name = name.Length > 100 ? name[..100] : name;
        var now = time.GetUtcNow();
        var profile = new PerfProfile(Guid.CreateVersion7().ToString("N"), name, perfSpec, now, now);
        return await store.SaveProfileAsync(profile, cancellationToken)
            ? TypedResults.Created($"/api/perf/profiles/{profile.Id}", profile)
            : TypedResults.Problem($"The file is a test configuration without a result, which Meshdock imports as a profile, but a profile named '{name}' already exists; rename the test in the file or the existing profile.",
                statusCode: StatusCodes.Status409Conflict, title: "Name taken");
    }

    /// <summary>The body as UTF-8 text, or null when it is over the limit (read no further than the limit).</summary>
    private static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > PerformanceApi.MaxImportBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > PerformanceApi.MaxImportBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
