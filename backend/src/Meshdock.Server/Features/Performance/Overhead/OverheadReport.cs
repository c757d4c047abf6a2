using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// "What does this mesh cost?": the same workload measured in a plain namespace and in a meshed one, alternating,
/// over several rounds. Its id is its operation's id; <see cref="Figures"/> is filled in once every round has run.
/// </summary>
public sealed record OverheadReport(
    string Id,
    string Name,
    string MeshId,
    string MeshName,
    string? MeshVersion,
    string Workload,
    PerfSpec Profile,
    int Rounds,
    DateTimeOffset CreatedAt,
    string? ResourcesMissing,
    IReadOnlyList<OverheadVariant> Variants,
    IReadOnlyList<OverheadFigure>? Figures)
{
    public const string Plain = "plain";
    public const string Meshed = "meshed";

    /// <summary>
    /// Its operation's status, the one copy: <see cref="OverheadStore"/> fills it in when it reads the report and
    /// never stores it, so a report interrupted by a crash reads "interrupted" as its operation does.
    /// </summary>
    public string Status { get; init; } = OperationStatus.Running.ToWire();

    /// <summary>Every stored run of the report, for export and removal.</summary>
    public IEnumerable<string> RunIds => Variants.SelectMany(v => v.Rounds.Select(r => r.RunId));
}

/// <summary>One namespace of the report and what each round measured in it.</summary>
public sealed record OverheadVariant(string Key, string Namespace, IReadOnlyList<OverheadRound> Rounds);

/// <param name="RunId">The run in the perf history (its SMP, Fortio and comparison come from there).</param>
public sealed record OverheadRound(int Round, string RunId, string Status, PerfRunSummary? Summary, OverheadResources Resources);

/// <summary>
/// What the parts used during one run, from the metrics API: the application containers, the mesh's proxy
/// containers in the same pods, and the control plane's pods. Null when the metrics API was not served.
/// </summary>
public sealed record OverheadResources(ResourceSummary? App, ResourceSummary? Proxy, ResourceSummary? ControlPlane)
{
    public static readonly OverheadResources None = new(null, null, null);
}

/// <summary>
/// One line of the report: the plain and meshed means across rounds, the mean of the per-round differences
/// (meshed − plain), and the smallest and largest of those differences, so noise shows. Figures only the mesh has
/// (proxy, control plane) have no plain value; their delta is the meshed value itself.
/// </summary>
public sealed record OverheadFigure(string Key, string Label, string Unit, double? Plain, double? Meshed, double? Delta, double? DeltaMin, double? DeltaMax);
