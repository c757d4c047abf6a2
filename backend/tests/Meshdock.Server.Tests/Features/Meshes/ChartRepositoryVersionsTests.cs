using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>Newer chart versions than the catalog's, read from a chart repository on loopback, offered as untested.</summary>
public sealed class ChartRepositoryVersionsTests
{
    private static MeshDefinition Mesh(string repository, params string[] selectable) => new()
    {
        Id = "test",
        Helm = new HelmSource { Repository = repository, Charts = [new ChartSpec { Chart = "meshdock-test", Release = "test" }] },
        Versions = new MeshVersions { Default = selectable[0], Selectable = [.. selectable] },
    };

    [Fact]
    public async Task Only_newer_stable_versions_of_the_main_chart_are_listed_once_the_index_is_read()
    {
        using var folder = new TempFolder();
        await using var repository = await TestChartRepository.StartAsync(folder.Path, ("0.1.0", "1.0.0"), ("0.2.0", "1.1.0"), ("0.3.0-rc.1", "1.2.0"), ("0.0.9", "0.9.0"));
        using var versions = new ChartRepositoryVersions(TimeProvider.System, NullLogger<ChartRepositoryVersions>.Instance);
        var mesh = Mesh(repository.Url, "0.1.0");

        IReadOnlyList<string> untested = versions.Untested(mesh); // answered at once; the index is read in the background
        for (var i = 0; i < 100 && untested.Count == 0; i++)
        {
            await Task.Delay(100);
            untested = versions.Untested(mesh);
        }

        Assert.Equal(["0.2.0"], untested);
        Assert.Empty(versions.Untested(Mesh(repository.Url, "0.2.0", "0.1.0")));
    }

    [Fact]
    public async Task An_unreachable_repository_never_delays_the_answer()
    {
        using var versions = new ChartRepositoryVersions(TimeProvider.System, NullLogger<ChartRepositoryVersions>.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Empty(versions.Untested(Mesh("http://127.0.0.1:1/charts", "1.0.0")));
        await Task.Delay(200);
        Assert.Empty(versions.Untested(Mesh("http://127.0.0.1:1/charts", "1.0.0")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
