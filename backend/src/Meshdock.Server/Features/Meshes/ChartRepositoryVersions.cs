using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// Versions of a mesh's main chart that its chart repository offers beyond what the catalog lists: shown as untested
/// choices. Read from the repository's <c>index.yaml</c> when it can be reached (once an hour; a failure is
/// remembered for five minutes) in the background: a request is answered at once with what is known, so a slow or
/// unreachable repository never delays the catalog, and the versions appear on a later request.
/// </summary>
public sealed partial class ChartRepositoryVersions(TimeProvider time, ILogger<ChartRepositoryVersions> logger) : IDisposable
{
    private readonly HttpClient _http = new();
    private static readonly TimeSpan Fresh = TimeSpan.FromHours(1);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _indexes = new(StringComparer.Ordinal);

    private sealed record Entry(IReadOnlyDictionary<string, IReadOnlyList<string>> Charts, DateTimeOffset Until);

    /// <summary>Stable versions of the mesh's last chart newer than every catalog version, newest first (at most five).</summary>
    public IReadOnlyList<string> Untested(MeshDefinition mesh)
    {
        if (mesh.Helm?.Repository is not { } repository || mesh.Helm.Charts is not [.., var main])
        {
            return [];
        }
        var fetch = Current(repository).Value;
        if (!fetch.IsCompletedSuccessfully)
        {
            return [];
        }
        var newest = mesh.Versions?.Selectable?.Select(Parse).Where(v => v is not null).Max();
        return fetch.Result.Charts.GetValueOrDefault(main.Chart, [])
            .Select(v => (Text: v, Version: Parse(v)))
            .Where(v => v.Version is not null && !v.Text.Contains('-', StringComparison.Ordinal) && (newest is null || v.Version > newest))
            .OrderByDescending(v => v.Version)
            .Select(v => v.Text)
            .Distinct()
            .Take(5)
            .ToList();
    }

    private Lazy<Task<Entry>> Current(string repository)
    {
        while (true)
        {
            var lazy = _indexes.GetOrAdd(repository, r => new Lazy<Task<Entry>>(() => Task.Run(() => FetchAsync(r))));
            if (!lazy.IsValueCreated || !lazy.Value.IsCompleted || lazy.Value.Result.Until > time.GetUtcNow())
            {
                return lazy;
            }
            _indexes.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(repository, lazy));
        }
    }

    private async Task<Entry> FetchAsync(string repository)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var text = await _http.GetStringAsync($"{repository.TrimEnd('/')}/index.yaml", timeout.Token);
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            var charts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("entries"), out var entries) && entries is YamlMappingNode byChart)
            {
                foreach (var (name, list) in byChart.Children)
                {
                    charts[((YamlScalarNode)name).Value ?? ""] = list is YamlSequenceNode versions
                        ? [.. versions.Children.OfType<YamlMappingNode>()
                            .Select(v => v.Children.TryGetValue(new YamlScalarNode("version"), out var version) ? (version as YamlScalarNode)?.Value : null)
                            .OfType<string>()]
                        : [];
                }
            }
            return new Entry(charts, time.GetUtcNow() + Fresh);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or YamlDotNet.Core.YamlException)
        {
            LogUnreachable(repository, e.Message);
            return new Entry(new Dictionary<string, IReadOnlyList<string>>(), time.GetUtcNow() + AfterFailure);
        }
    }

    public void Dispose() => _http.Dispose();

    private static Version? Parse(string text) => Version.TryParse(text.TrimStart('v').Split('-', '+')[0], out var version) ? version : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "The chart repository {Repository} could not be read ({Reason}); only the catalog's versions are offered")]
    private partial void LogUnreachable(string repository, string reason);
}
