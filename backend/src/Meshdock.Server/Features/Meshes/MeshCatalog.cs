using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Meshdock.Server.Features.Meshes;

/// <summary>The validated mesh catalog: the built-in catalog.yaml with the optional override merged over it.</summary>
public sealed partial class MeshCatalog
{
    private const string ResourceName = "Meshdock.Server.Meshes.catalog.yaml";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(HyphenatedNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        // Chart values are untyped: keep 1, true and null as such, so helm sees numbers and booleans, not strings.
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    public IReadOnlyList<MeshDefinition> Meshes { get; }

    private MeshCatalog(IReadOnlyList<MeshDefinition> meshes) => Meshes = meshes;

    public MeshDefinition? Find(string id) => Meshes.FirstOrDefault(m => m.Id == id);

    /// <summary>Loads the embedded catalog and merges the override file; throws with every problem found.</summary>
    public static MeshCatalog Load(string? overridePath)
    {
        using var stream = typeof(MeshCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The built-in mesh catalog ({ResourceName}) is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var builtIn = reader.ReadToEnd();
        if (string.IsNullOrWhiteSpace(overridePath))
        {
            return Parse(builtIn, null, null);
        }
        var fullPath = Path.GetFullPath(overridePath);
        if (!File.Exists(fullPath))
        {
            throw new InvalidOperationException(
                $"The mesh catalog override '{fullPath}' (Meshes:CatalogOverride) does not exist: fix the path or remove the setting.");
        }
        return Parse(builtIn, File.ReadAllText(fullPath), Path.GetDirectoryName(fullPath));
    }

    /// <summary>Parses and validates; <paramref name="overrideDirectory"/> anchors relative local chart paths.</summary>
    internal static MeshCatalog Parse(string catalogYaml, string? overrideYaml, string? overrideDirectory)
    {
        var meshes = Deserialize(catalogYaml, "the built-in mesh catalog").Meshes ?? [];
        if (overrideYaml is not null)
        {
            foreach (var entry in Deserialize(overrideYaml, "the mesh catalog override").Meshes ?? [])
            {
                ResolveLocalCharts(entry, overrideDirectory);
                var existing = meshes.FindIndex(m => m.Id == entry.Id);
                if (existing >= 0)
                {
                    meshes[existing] = Merge(meshes[existing], entry);
                }
                else
                {
                    meshes.Add(entry);
                }
            }
        }
        var errors = meshes.SelectMany(Validate).ToList();
        errors.AddRange(meshes.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"mesh id '{g.Key}' appears {g.Count()} times"));
        if (meshes.Count == 0)
        {
            errors.Add("the catalog lists no mesh");
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The mesh catalog is invalid: " + string.Join("; ", errors) + ".");
        }
        return new MeshCatalog(meshes);
    }

    private static CatalogFile Deserialize(string yaml, string what)
    {
        try
        {
            return Yaml.Deserialize<CatalogFile?>(yaml) ?? new CatalogFile();
        }
        catch (YamlException e)
        {
            throw new InvalidOperationException($"Could not read {what} at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    // A field present in the override replaces the whole built-in field (charts are replaced as a list, not merged
    // chart by chart: a test chart has nothing in common with the real ones).
    private static MeshDefinition Merge(MeshDefinition builtIn, MeshDefinition overriding)
    {
        foreach (var property in typeof(MeshDefinition).GetProperties())
        {
            var value = property.GetValue(overriding);
            if (value is not null)
            {
                property.SetValue(builtIn, value);
            }
        }
        return builtIn;
    }

    private static void ResolveLocalCharts(MeshDefinition entry, string? directory)
    {
        if (entry.Helm is { Repository: null, Charts: { } charts } && directory is not null)
        {
            foreach (var chart in charts.Where(c => c.Chart.Length > 0))
            {
                chart.Chart = Path.GetFullPath(chart.Chart, directory);
            }
        }
    }

    private static IEnumerable<string> Validate(MeshDefinition m)
    {
        var at = $"mesh '{m.Id}'";
        if (!IdPattern().IsMatch(m.Id))
        {
            yield return $"{at}: id must be lowercase letters, digits and dashes";
        }
        if (string.IsNullOrWhiteSpace(m.DisplayName)) yield return $"{at}: displayName is missing";
        if (string.IsNullOrWhiteSpace(m.Description)) yield return $"{at}: description is missing";
        if (m.Project?.Status is null || string.IsNullOrWhiteSpace(m.Project.Note))
        {
            yield return $"{at}: project needs a status (active, dormant, archived or end-of-life) and a note";
        }
        if (!IsDnsLabel(m.Namespace)) yield return $"{at}: namespace '{m.Namespace}' is not a valid Kubernetes namespace name";
        foreach (var error in ValidateHelm(m, at)) yield return error;
        if (m.Membership is null) yield return $"{at}: membership is missing (use [] when apps join without labels)";
        foreach (var rule in m.Membership ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule.Key) || string.IsNullOrWhiteSpace(rule.Value))
            {
                yield return $"{at}: every membership rule needs a key and a value";
            }
        }
        if (m.Health is not { Count: > 0 }) yield return $"{at}: health lists no workload";
        foreach (var workload in m.Health ?? [])
        {
            if (!IsDnsName(workload.Name)) yield return $"{at}: health workload name '{workload.Name}' is not valid";
            if (workload.Namespace is not null && !IsDnsLabel(workload.Namespace)) yield return $"{at}: health workload namespace '{workload.Namespace}' is not valid";
        }
        if (m.Wasm is null) yield return $"{at}: wasm is missing";
        else if (m.Wasm.Attach == WasmAttachment.None && string.IsNullOrWhiteSpace(m.Wasm.Reason))
        {
            yield return $"{at}: wasm.attach is none, so wasm.reason must say why";
        }
        if (m.DataPlane is null) yield return $"{at}: dataPlane is missing (sidecar, ambient or node-proxy)";
        if (m.Resources is not { CpuMillicores: > 0, MemoryMiB: > 0 })
        {
            yield return $"{at}: resources needs positive cpuMillicores and memoryMiB";
        }
        else if (m.Resources.MinKubernetes is not null && KubernetesVersion.TryParse(m.Resources.MinKubernetes) is null)
        {
            yield return $"{at}: resources.minKubernetes '{m.Resources.MinKubernetes}' is not a version like 1.29";
        }
    }

    private static IEnumerable<string> ValidateHelm(MeshDefinition m, string at)
    {
        if (m.Helm?.Charts is not { Count: > 0 } charts)
        {
            yield return $"{at}: helm.charts lists no chart";
            yield break;
        }
        var repository = m.Helm.Repository;
        if (repository is not null && !(Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "oci"))
        {
            yield return $"{at}: helm.repository '{repository}' is not an http(s) or oci URL";
        }
        foreach (var chart in charts)
        {
            if (string.IsNullOrWhiteSpace(chart.Chart)) yield return $"{at}: a chart has no name";
            if (!IsDnsLabel(chart.Release) || chart.Release.Length > 53) yield return $"{at}: release '{chart.Release}' is not a valid Helm release name";
            if (chart.Namespace is not null && !IsDnsLabel(chart.Namespace)) yield return $"{at}: chart namespace '{chart.Namespace}' is not valid";
        }
        if (charts.GroupBy(c => (c.Namespace ?? m.Namespace, c.Release)).Any(g => g.Count() > 1))
        {
            yield return $"{at}: two charts share a release name in the same namespace";
        }
        // Charts from a repository are versioned; local test charts carry their version in Chart.yaml.
        if (repository is not null)
        {
            if (m.Versions?.Default is not { Length: > 0 } version || !IsVersion(version))
            {
                yield return $"{at}: versions.default is missing or not a version";
            }
            else if (m.Versions.Selectable is not { } selectable || !selectable.Contains(version))
            {
                yield return $"{at}: versions.selectable must list the default version {version}";
            }
            foreach (var v in m.Versions?.Selectable ?? [])
            {
                if (!IsVersion(v)) yield return $"{at}: '{v}' in versions.selectable is not a version";
            }
        }
    }

    internal static bool IsVersion(string value) => VersionPattern().IsMatch(value);

    internal static bool IsDnsLabel(string? value) => value is { Length: > 0 and <= 63 } && DnsLabelPattern().IsMatch(value);

    private static bool IsDnsName(string? value) => value is { Length: > 0 and <= 253 } && DnsNamePattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex DnsNamePattern();

    // Chart versions are semver, optionally with a leading v; never starting with a dash, so never a helm flag.
    [GeneratedRegex(@"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex VersionPattern();

    private sealed class CatalogFile
    {
        public List<MeshDefinition>? Meshes { get; set; }
    }
}
