namespace Meshdock.Server.Platform.Hosting;

/// <summary>
/// How the server is reached and where it keeps its state. Bound from the configuration section "Meshdock";
/// the command-line switches <c>--socket</c>, <c>--urls</c>, <c>--data</c>, <c>--docker-socket</c>, <c>--allowed-hosts</c>
/// and <c>--allowed-origins</c> map onto it
/// (see <see cref="CreateWebApplicationOptions"/>), so does the environment (<c>Meshdock__Data=...</c>).
/// </summary>
public sealed class MeshdockOptions
{
    public const string Section = "Meshdock";
    public const string DefaultStandaloneUrls = "http://127.0.0.1:7788";
    public const string ContainerDataDirectory = "/data";

    /// <summary>
    /// The host's options with the command line rewritten onto this section (<c>--socket X</c> becomes
    /// <c>--Meshdock:Socket X</c>). Rewriting, rather than mapping afterwards, keeps <c>--urls</c> away from the host,
    /// which would otherwise bind it too and log "Overriding address(es)"; every endpoint is configured in code.
    /// The content root is the assembly's folder, so settings and the built UI are found from any working directory.
    /// </summary>
    public static WebApplicationOptions CreateWebApplicationOptions(string[] args) => new()
    {
        Args = [.. args.Select(Rewrite)],
        ContentRootPath = AppContext.BaseDirectory,
    };

    private static string Rewrite(string arg)
    {
        var name = arg.Split('=', 2)[0];
        return SwitchMappings.TryGetValue(name, out var key) ? $"--{key}{arg[name.Length..]}" : arg;
    }

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--socket"] = $"{Section}:{nameof(Socket)}",
        ["--urls"] = $"{Section}:{nameof(Urls)}",
        ["--data"] = $"{Section}:{nameof(Data)}",
        ["--docker-socket"] = $"{Section}:{nameof(DockerSocket)}",
        ["--allowed-hosts"] = $"{Section}:{nameof(AllowedHosts)}",
        ["--allowed-origins"] = $"{Section}:{nameof(AllowedOrigins)}",
    };

    /// <summary>Unix socket path. Given = container mode: the API is served here and TCP serves the hub only.</summary>
    public string? Socket { get; set; }

    /// <summary>TCP address(es), ';'-separated. Standalone mode defaults to <see cref="DefaultStandaloneUrls"/>.</summary>
    public string? Urls { get; set; }

    /// <summary>Folder for the database and other state. Defaults to /data in the container, a per-user folder otherwise.</summary>
    public string? Data { get; set; }

    /// <summary>The Docker engine socket, inspected to learn which host port Docker published for the hub.</summary>
    public string DockerSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>
    /// Standalone mode: host names, ','-separated, that the API is served under besides the loopback names
    /// (for example a name this machine has on the LAN). Any other Host header is refused, so that a page
    /// reaching the port under its own name (DNS rebinding) gets nothing.
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>
    /// Standalone mode: origins, ','-separated (<c>http://localhost:5173</c>), that may call the API besides the page
    /// the server itself serves; they also get CORS headers. Every other <c>Origin</c> is refused.
    /// </summary>
    public string? AllowedOrigins { get; set; }

    public bool ContainerMode => !string.IsNullOrWhiteSpace(Socket);

    public string EffectiveUrls => string.IsNullOrWhiteSpace(Urls) ? (ContainerMode ? "" : DefaultStandaloneUrls) : Urls;

    public string DataDirectory => Path.GetFullPath(string.IsNullOrWhiteSpace(Data)
        ? ContainerMode ? ContainerDataDirectory : DefaultUserDataDirectory()
        : Data);

    // Follows the XDG base directory convention, which is where a Linux user looks for an app's data.
    private static string DefaultUserDataDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "meshdock");
    }
}
