using Meshdock.Load;
using Meshdock.Load.Smp;
using Meshdock.Server.Features.Apps;
using Meshdock.Server.Features.Filters;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Meshdock.Server.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>One run's latency curve in a report, for the overlaid chart.</summary>
public sealed record OverheadCurve(string Variant, int Round, string RunId, IReadOnlyList<PercentilePoint> PercentileCurve);

public static class OverheadApi
{
    public static IEndpointRouteBuilder MapOverhead(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/perf/overhead").WithTags("Performance");
        group.MapPost("/", StartAsync).WithName("StartOverheadReport")
            .WithSummary("What does this mesh cost? Deploy a workload plain, meshed and optionally meshed with a filter, measure each from runner pods in alternating rounds (an operation whose id is the report's)");
        group.MapGet("/", ListAsync).WithName("ListOverheadReports");
        group.MapGet("/{id}", GetAsync).WithName("GetOverheadReport");
        group.MapGet("/{id}/latency", LatencyAsync).WithName("OverheadReportLatency").WithSummary("Every run's latency by percentile, for overlaid charts");
        group.MapGet("/{id}/smp", ExportSmpAsync).WithName("ExportOverheadReportSmp").WithSummary("SMP documents of every run (YAML stream, or a JSON array)");
        group.MapGet("/{id}/html", ExportHtmlAsync).WithName("ExportOverheadReportHtml").WithSummary("The report as a self-contained HTML page");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteOverheadReport").WithSummary("Remove the report, its runs, its filter attachment and the namespaces it deployed");
        return endpoints;
    }

    private static async Task<Results<OperationStartResult, ValidationProblem, ProblemHttpResult>> StartAsync(
        OverheadRequest request, OverheadRunner runner, IWorkloadDeployer workloads, IMeshLayouts layouts, IFilterAttacher filters, CancellationToken cancellationToken)
    {
        var validation = request.Validate(workloads.Workloads);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (layouts.Find(request.Mesh!) is not { } mesh)
        {
            return new Validation().Add("mesh", $"There is no mesh '{request.Mesh}' in the catalog; pick an installed one from GET /api/meshes.").ToProblem();
        }
        if (runner.JoinRuleOf(mesh.Id) is not { } rule)
        {
            return new Validation().Add("mesh", $"{mesh.Name} is not joined by labelling a namespace, so the report cannot put its workload in the mesh; "
                + "pick a mesh whose namespaces join by label or annotation (Istio, Linkerd, Kuma…).").ToProblem();
        }
        if (request.Filter is { } filter)
        {
            await filters.CheckAsync(validation, "filter", mesh.Id, filter, cancellationToken);
            if (!validation.IsValid)
            {
                return validation.ToProblem();
            }
        }
        return (await runner.StartAsync(request, mesh, rule)).ToHttpResult();
    }

    private static async Task<Results<Ok<IReadOnlyList<OverheadReport>>, ValidationProblem>> ListAsync(
        OverheadStore store, CancellationToken cancellationToken, int limit = 50)
    {
        var validation = new Validation().InRange("limit", limit, 1, 500);
        return validation.IsValid ? TypedResults.Ok(await store.ListAsync(limit, cancellationToken)) : validation.ToProblem();
    }

    private static async Task<Results<Ok<OverheadReport>, ProblemHttpResult>> GetAsync(string id, OverheadStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } report ? TypedResults.Ok(report) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<OverheadCurve>>, ProblemHttpResult>> LatencyAsync(
        string id, OverheadStore store, PerfStore runs, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(await CurvesAsync(report, runs, cancellationToken));
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportSmpAsync(
        string id, OverheadStore store, PerfStore runs, PerfEnvironment environment, CancellationToken cancellationToken, string format = "yaml")
    {
        var validation = new Validation().Check(format is "yaml" or "json", "format", $"'format' must be yaml or json, not '{format}'.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (await store.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound(id);
        }
        var documents = await OverheadSmp.DocumentsAsync(report, runs, await environment.DescribeAsync(cancellationToken), cancellationToken);
        return format == "json"
            ? TypedResults.Text("[" + string.Join(",", documents.Select(SmpFormat.ToJson)) + "]", "application/json")
            : TypedResults.Text(string.Concat(documents.Select(SmpFormat.ToYaml)), "application/yaml");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportHtmlAsync(
        string id, OverheadStore store, PerfStore runs, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound(id);
        }
        var curves = (await CurvesAsync(report, runs, cancellationToken)).ToDictionary(c => $"{c.Variant}/round {c.Round}", c => c.PercentileCurve);
        return TypedResults.Text(OverheadHtml.Render(report, curves), "text/html; charset=utf-8");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, OverheadStore store, PerfStore runs, ClusterConnection cluster, IFilterAttacher filters, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound(id);
        }
        if (report.Status == "running")
        {
            return TypedResults.Problem($"Report '{id}' is still running; cancel it first (POST /api/operations/{id}/cancel), then remove it.",
                statusCode: StatusCodes.Status409Conflict, title: "Still running");
        }
        try
        {
            foreach (var attachmentId in report.Variants.Select(v => v.AttachmentId).OfType<string>())
            {
                await filters.DetachAsync(attachmentId, cancellationToken);
            }
            var client = await cluster.GetClientAsync(cancellationToken);
            foreach (var ns in report.Variants.Select(v => v.Namespace))
            {
                await ManagedNamespaces.DeleteIfOursAsync(client, ns, cancellationToken);
            }
        }
        catch (ClusterUnavailableException e)
        {
            return TypedResults.Problem($"{e.Message} The report is kept, since its namespaces could not be removed; remove it again once the cluster answers.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster cannot be reached");
        }
        foreach (var runId in report.RunIds)
        {
            await runs.DeleteRunAsync(runId, cancellationToken);
        }
        await store.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IReadOnlyList<OverheadCurve>> CurvesAsync(OverheadReport report, PerfStore runs, CancellationToken cancellationToken)
    {
        var curves = new List<OverheadCurve>();
        foreach (var variant in report.Variants)
        {
            foreach (var round in variant.Rounds)
            {
                if (await runs.GetRunAsync(round.RunId, cancellationToken) is { Result.Latency.PercentileCurve: { Count: > 0 } curve })
                {
                    curves.Add(new OverheadCurve(variant.Key, round.Round, round.RunId, curve));
                }
            }
        }
        return curves;
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        $"There is no overhead report '{id}'; list them with GET /api/perf/overhead.", statusCode: StatusCodes.Status404NotFound);
}
