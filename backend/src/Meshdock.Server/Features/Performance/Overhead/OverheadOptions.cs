namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>Configuration section <c>Overhead</c>.</summary>
public sealed class OverheadOptions
{
    public const string Section = "Overhead";

    /// <summary>
    /// How often the metrics API is read during a run. metrics-server refreshes each pod every 15 s by default, so
    /// reading more often only finds the same figures (which are counted once).
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
