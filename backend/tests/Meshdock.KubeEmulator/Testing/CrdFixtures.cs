using System.Net.Http.Headers;
using System.Text;

namespace Meshdock.KubeEmulator.Testing;

/// <summary>
/// The meshes' real CustomResourceDefinitions, taken from their upstream repositories at the versions Meshdock's
/// catalog offers (<c>Fixtures/crds/&lt;mesh&gt;/&lt;version&gt;/</c>, each file headed by its source and commit; see
/// <c>take-fixtures.py</c>), copied to <c>crds/</c> in every referencing test project's output folder.
/// </summary>
public static class CrdFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "crds");

    /// <summary>The versions with fixtures for <paramref name="mesh"/> (istio, consul, kuma).</summary>
    public static IReadOnlyList<string> Versions(string mesh) =>
        [.. Directory.GetDirectories(Path.Combine(Root, mesh)).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Files(string mesh, string version)
    {
        var folder = Path.Combine(Root, mesh, version);
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"There are no CRD fixtures for {mesh} {version}; the versions are {string.Join(", ", Versions(mesh))}.");
        }
        return [.. Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)];
    }

    /// <summary>Creates the CRDs of <paramref name="mesh"/> at <paramref name="version"/> through the emulator's API, as helm would.</summary>
    public static async Task InstallAsync(KubeEmulator emulator, string mesh, string version, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        if (emulator.Options.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var file in Files(mesh, version))
        {
            using var body = new StringContent(await File.ReadAllTextAsync(file, cancellationToken), Encoding.UTF8, "application/yaml");
            using var response = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating the CRD in {file} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }
}
