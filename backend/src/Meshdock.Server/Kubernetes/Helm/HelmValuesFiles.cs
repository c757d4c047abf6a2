using System.Text.Json;
using YamlDotNet.Serialization;

namespace Meshdock.Server.Kubernetes.Helm;

/// <summary>
/// Values handed to helm as files (never on the command line, where other processes could read them): a private
/// folder (0700) of files (0600), because Linkerd's issuer key is among them. Deleted on dispose.
/// </summary>
public sealed class HelmValuesFiles : IDisposable
{
    private static readonly ISerializer Yaml = new SerializerBuilder().Build();
    private readonly string _directory;
    private readonly List<string> _paths = [];

    public HelmValuesFiles()
    {
        _directory = Path.Combine(Path.GetTempPath(), "meshdock-values-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_directory);
        }
        else
        {
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The files in the order helm should merge them (later ones win).</summary>
    public IReadOnlyList<string> Paths => _paths;

    public void Add(IReadOnlyDictionary<string, object?> values) => Write(Yaml.Serialize(values));

    /// <summary>JSON is YAML, so user-supplied values go to helm exactly as the user wrote them.</summary>
    public void Add(JsonElement values) => Write(values.GetRawText());

    /// <summary>The <c>-f</c> arguments for helm.</summary>
    public IEnumerable<string> Arguments() => _paths.SelectMany(p => new[] { "--values", p });

    private void Write(string content)
    {
        var path = Path.Combine(_directory, $"values-{_paths.Count}.yaml");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(path, System.Text.Encoding.UTF8, fileOptions))
        {
            writer.Write(content);
        }
        _paths.Add(path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
