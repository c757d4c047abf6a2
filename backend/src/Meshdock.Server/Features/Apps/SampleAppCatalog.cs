using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Meshdock.Server.Features.Apps;

/// <summary>The sample apps, embedded from the repository's samples/ folder and checked at start-up.</summary>
public sealed class SampleAppCatalog
{
    /// <summary>Kinds the applier knows how to apply and delete; a manifest with another kind fails the start.</summary>
    internal static readonly HashSet<string> SupportedKinds = ["ServiceAccount", "ConfigMap", "Service", "Deployment"];

    public IReadOnlyList<SampleApp> Apps { get; }

    private SampleAppCatalog(IReadOnlyList<SampleApp> apps) => Apps = apps;

    public SampleApp? Find(string id) => Apps.FirstOrDefault(a => a.Id == id);

    public static SampleAppCatalog LoadEmbedded()
    {
        var assembly = typeof(SampleAppCatalog).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The sample app file '{name}' is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return Parse(Read("samples/catalog.yaml"), id => Read($"samples/{id}/manifest.yaml"));
    }

    internal static SampleAppCatalog Parse(string catalogYaml, Func<string, string> manifestOf)
    {
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<CatalogFile>(catalogYaml);
        var errors = new List<string>();
        foreach (var app in file.Apps)
        {
            try
            {
                app.Manifest = manifestOf(app.Id);
                app.Objects = app.CreateObjects();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.Add($"app '{app.Id}': its manifest cannot be read ({e.Message})");
                continue;
            }
            errors.AddRange(Validate(app));
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The sample app catalog is invalid: " + string.Join("; ", errors) + ".");
        }
        return new SampleAppCatalog(file.Apps);
    }

    private static IEnumerable<string> Validate(SampleApp app)
    {
        foreach (var obj in app.Objects)
        {
            if (!SupportedKinds.Contains(obj.Kind))
            {
                yield return $"app '{app.Id}': kind {obj.Kind} is not one Meshdock applies ({string.Join(", ", SupportedKinds)})";
            }
            if (obj.Metadata?.NamespaceProperty is not null)
            {
                yield return $"app '{app.Id}': {obj.Kind} {obj.Metadata.Name} names a namespace; Meshdock sets it at deploy time";
            }
        }
        foreach (var entry in app.Entrypoints)
        {
            var service = app.Objects.OfType<V1Service>().FirstOrDefault(s => s.Metadata.Name == entry.Service);
            if (service?.Spec?.Ports?.Any(p => p.Port == entry.Port) != true)
            {
                yield return $"app '{app.Id}': entrypoint {entry.Service}:{entry.Port} is not a port of a Service in the manifest";
            }
        }
        if (!app.Objects.OfType<V1Deployment>().Any())
        {
            yield return $"app '{app.Id}': the manifest has no Deployment";
        }
    }

    private sealed class CatalogFile
    {
        public List<SampleApp> Apps { get; set; } = [];
    }
}
