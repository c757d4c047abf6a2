using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// "What does this mesh cost?": the same workload measured in a plain namespace, a meshed one and optionally a meshed
/// one with a filter attached, alternating, over several rounds. Its id is its operation's id; <see cref="Figures"/>
/// is filled in once every round has run.
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
    public const string Filtered = "filtered";

    /// <summary>
    /// Its operation's status, the one copy: <see cref="OverheadStore"/> fills it in when it reads the report and
    /// never stores it, so a report interrupted by a crash reads "interrupted" as its operation does.
    /// </summary>
    public string Status { get; init; } = OperationStatus.Running.ToWire();

    /// <summary>Every stored run of the report, for export and removal.</summary>
    public IEnumerable<string> RunIds => Variants.SelectMany(v => v.Rounds.Select(r => r.RunId));

    /// <summary>The namespace the report gives a variant: <c>overhead-&lt;last 8 of the id&gt;-&lt;key&gt;</c>.</summary>
    public static string NamespaceOf(string reportId, string key) => $"overhead-{reportId[^8..]}-{key}";

    public OverheadVariant? Variant(string key) => Variants.FirstOrDefault(v => v.Key == key);
}

/// <summary>One namespace of the report and what each round measured in it.</summary>
/// <param name="Key"><c>plain</c>, <c>meshed</c> or <c>filtered</c>.</param>
/// <param name="Filter">The filter attached to the workload (the filtered variant's only).</param>
/// <param name="AttachmentId">That filter's attachment (listed with the Filters page's), removed with the report.</param>
public sealed record OverheadVariant(string Key, string Namespace, IReadOnlyList<OverheadRound> Rounds, string? Filter = null, string? AttachmentId = null)
{
    /// <summary>Whether the variant's namespace is in the mesh (its workload and its runner pods get the proxy).</summary>
    public bool InMesh => Key != OverheadReport.Plain;
}

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
/// One line of the report: the plain, meshed and filtered means across rounds; the mean of the per-round differences
/// against plain (meshed − plain, filtered − plain), and the smallest and largest of those differences, so noise
/// shows. Figures only the mesh has (proxy, control plane) have no plain value; their delta is the value itself. The
/// filtered values are null when the report has no filtered namespace.
/// </summary>
public sealed record OverheadFigure(
    string Key,
    string Label,
    string Unit,
    double? Plain,
    double? Meshed,
    double? Delta,
    double? DeltaMin,
    double? DeltaMax,
    double? Filtered = null,
    double? FilteredDelta = null,
    double? FilteredDeltaMin = null,
    double? FilteredDeltaMax = null);
