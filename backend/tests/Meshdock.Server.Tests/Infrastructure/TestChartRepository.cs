using Meshdock.KubeEmulator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>
/// A helm chart repository on loopback (<c>index.yaml</c> and the packaged charts), holding the emulator's test chart
/// at several versions, so meshes install and upgrade through <c>--repo URL --version V</c> as the real ones do.
/// Each version's default image tag is its app version: an upgrade changes the pods, as a mesh upgrade does.
/// </summary>
internal sealed class TestChartRepository : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestChartRepository(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Packages <c>meshdock-test</c> at each (chart version, app version) into <paramref name="folder"/> and serves it.</summary>
    public static async Task<TestChartRepository> StartAsync(string folder, params (string Version, string AppVersion)[] versions)
    {
        var charts = Directory.CreateDirectory(Path.Combine(folder, "repository")).FullName;
        foreach (var (version, appVersion) in versions)
        {
            var source = Path.Combine(folder, $"meshdock-test-{version}", "meshdock-test");
            CopyFolder(TestAssets.TestChartPath, source);
            var values = Path.Combine(source, "values.yaml");
            await File.WriteAllTextAsync(values, (await File.ReadAllTextAsync(values)).Replace("tag: \"1.0.0\"", $"tag: \"{appVersion}\"", StringComparison.Ordinal));
            await RunHelmAsync("package", source, "--version", version, "--app-version", appVersion, "--destination", charts);
        }
        return await ServeAsync(charts);
    }

    /// <summary>Indexes the packaged charts in <paramref name="charts"/> and serves them.</summary>
    public static async Task<TestChartRepository> ServeAsync(string charts)
    {
        await RunHelmAsync("repo", "index", charts);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/{file}", (string file) => Path.GetFileName(file) == file && File.Exists(Path.Combine(charts, file))
            ? Results.File(Path.Combine(charts, file), file.EndsWith(".tgz", StringComparison.Ordinal) ? "application/gzip" : "text/yaml")
            : Results.NotFound());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestChartRepository(app, address);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task RunHelmAsync(params string[] arguments)
    {
        var result = await ToolProcess.RunAsync(TestHelm.Path, arguments, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"helm {string.Join(' ', arguments)}: {result}");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
