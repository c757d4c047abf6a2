using Meshdock.Load.Smp;
using Meshdock.Server.Kubernetes.Metrics;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// SMP documents for every run of a report. A meshed or filtered run's <c>ServiceMeshConfig</c> carries what the
/// proxies and the control plane used during it (SMP's <c>sidecar</c> and <c>mesh_control_plane</c>: pods, millicores, MB and,
/// for proxies, the rate that crossed them); a plain run has no mesh. Labels tie each document to its report,
/// variant and round.
/// </summary>
public static class OverheadSmp
{
    public static async Task<IReadOnlyList<SmpDocument>> DocumentsAsync(OverheadReport report, PerfStore runs, SmpEnvironment? environment, CancellationToken cancellationToken)
    {
        var documents = new List<SmpDocument>();
        foreach (var variant in report.Variants)
        {
            foreach (var round in variant.Rounds)
            {
                if (await runs.GetRunAsync(round.RunId, cancellationToken) is not { Result: { } result } run)
                {
                    continue;
                }
                var labels = new Dictionary<string, string>
                {
                    [SmpExport.LabelPrefix + "overhead-report"] = report.Id,
                    [SmpExport.LabelPrefix + "variant"] = variant.Key,
                    [SmpExport.LabelPrefix + "round"] = round.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [SmpExport.LabelPrefix + "namespace"] = variant.Namespace,
                };
                if (variant.Filter is { } filter)
                {
                    labels[SmpExport.LabelPrefix + "filter"] = filter;
                }
                documents.Add(SmpExport.FromResult(result, new SmpExportContext
                {
                    Id = run.Id,
                    Name = run.Name,
                    DetailsUri = $"/api/perf/runs/{run.Id}",
                    Labels = labels,
                    Environment = environment,
                    Mesh = variant.InMesh ? Mesh(report, round) : null,
                }));
            }
        }
        return documents;
    }

    internal static SmpMesh Mesh(OverheadReport report, OverheadRound round) => new(report.MeshName, report.MeshVersion)
    {
        Sidecar = Usage(round.Resources.Proxy, round.Summary?.ActualRps),
        ControlPlane = Usage(round.Resources.ControlPlane, null),
    };

    private static SmpMeshUsage? Usage(ResourceSummary? summary, double? rps) =>
        summary is { Samples: > 0, CpuMeanMillicores: { } cpu, MemoryMeanMiB: { } memory }
            ? new SmpMeshUsage(summary.Pods, (int)Math.Round(cpu), (int)Math.Round(memory * 1.048576), rps is { } r ? (int)Math.Round(r) : null)
            : null;
}
