using System.Text;
using Meshdock.Load;
using Meshdock.Load.Smp;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Imports an SMP result so runs measured elsewhere (or exported earlier) can be compared. A file is identified by
/// its SMP id (or its content hash when it has none): importing it again returns the run already stored.
/// </summary>
internal static class PerfImport
{
    public static async Task<Results<Created<PerfRun>, Ok<PerfRun>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, PerfStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ReadTextAsync(request, cancellationToken) is not { } text)
        {
            return TypedResults.Problem($"The SMP file is larger than {PerformanceApi.MaxImportBytes / (1024 * 1024)} MiB; SMP results are a few kilobytes, so check that this is the right file.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        SmpDocument document;
        LoadSpec spec;
        try
        {
            document = SmpFormat.Parse(text);
            spec = SmpExport.ToLoadSpec(document);
        }
        catch (SmpFormatException e)
        {
            return new Validation().Add(e.Field, e.Message).ToProblem();
        }

        if (document.Result is not { } result)
        {
            return new Validation().Add("result", "The file has a test configuration but no 'result'; export a finished run's result and import that.").ToProblem();
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
            new PerfRunSummary(result.StartTime, result.EndTime, (result.EndTime - result.StartTime).TotalSeconds, Requests: null,
                result.ActualQps, Errors: null, Cancelled: document.Labels.GetValueOrDefault(SmpExport.LabelPrefix + "cancelled") == "true",
                latency, StatusCodes: null));
        await store.SaveRunAsync(run, SmpFormat.ToJson(document), identity, cancellationToken);
        return TypedResults.Created($"/api/perf/runs/{run.Id}", run);
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
