using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// The catalog against the real chart repositories (`make catalog-check`; needs the internet, so never part of
/// `make test`): every offered version of every chart exists, and the version's templates, rendered with the
/// catalog's values, create each workload the health check waits for.
/// </summary>
[Trait("Category", "CatalogCheck")]
public sealed class CatalogCheckTests
{
    public static TheoryData<string, string> Versions()
    {
        var data = new TheoryData<string, string>();
        foreach (var mesh in MeshCatalog.Load(null).Meshes)
        {
            foreach (var version in mesh.Versions!.Selectable!)
            {
                data.Add(mesh.Id, version);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_chart_version_exists_and_renders_the_health_workloads(string meshId, string version)
    {
        var mesh = MeshCatalog.Load(null).Find(meshId)!;
        var rendered = new System.Text.StringBuilder();
        foreach (var chart in mesh.Helm!.Charts!)
        {
            using var values = new HelmValuesFiles();
            if (chart.Values is { } catalogValues)
            {
                values.Add(catalogValues);
            }
            if (chart.Generate == GeneratedValues.LinkerdIdentity)
            {
                values.Add(LinkerdIdentity.Generate(TimeProvider.System).ToValues());
            }
            var result = await ToolProcess.RunAsync(TestHelm.Path,
                ["template", chart.Release, chart.Chart, "--repo", mesh.Helm.Repository!, "--version", version,
                 "--namespace", chart.Namespace ?? mesh.Namespace!, .. values.Arguments()], timeout: TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 0, $"{mesh.Id} {version}: helm template {chart.Chart} failed: {result.Stderr}");
            rendered.AppendLine(result.Stdout);
        }

        var manifests = rendered.ToString();
        foreach (var workload in mesh.Health!)
        {
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(manifests, $@"kind: {workload.Kind}\s*\nmetadata:\s*\n(\s+.*\n)*?\s+name: ""?{workload.Name}""?\s*\n"),
                $"{mesh.Id} {version}: no {workload.Kind} {workload.Name} in the rendered charts");
        }
    }
}
