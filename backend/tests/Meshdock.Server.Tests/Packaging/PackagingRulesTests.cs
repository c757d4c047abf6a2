using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Meshdock.Server.Tests.Packaging;

/// <summary>
/// The rules `docker extension install`, `docker extension validate` and the Marketplace apply to metadata.json,
/// docker-compose.yaml and the Dockerfile, checked here because no Docker engine runs on the build machines.
/// </summary>
public sealed partial class PackagingRulesTests
{
    private static readonly JsonElement Metadata = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("metadata.json"))).RootElement;
    private static readonly Dockerfile Image = Dockerfile.Parse(File.ReadAllText(RepositoryRoot.File("Dockerfile")));
    private static readonly YamlMappingNode Compose = LoadYaml(RepositoryRoot.File(Metadata.GetProperty("vm").GetProperty("composefile").GetString()!));

    private static readonly string[] RequiredLabels =
    [
        "org.opencontainers.image.title",
        "org.opencontainers.image.description",
        "org.opencontainers.image.vendor",
        "com.docker.desktop.extension.api.version",
        "com.docker.desktop.extension.icon",
        "com.docker.extension.screenshots",
        "com.docker.extension.detailed-description",
        "com.docker.extension.publisher-url",
        "com.docker.extension.changelog",
        "com.docker.extension.categories",
    ];

    private static string SocketName => Metadata.GetProperty("vm").GetProperty("exposes").GetProperty("socket").GetString()!;

    private static JsonElement DashboardTab => Metadata.GetProperty("ui").GetProperty("dashboard-tab");

    private static IReadOnlyList<string> Command => JsonSerializer.Deserialize<string[]>(Image.FinalStage.Last(i => i.Keyword == "CMD").Arguments)!;

    private static YamlMappingNode Service => (YamlMappingNode)((YamlMappingNode)Compose["services"]).Children.First().Value;

    [Fact]
    public void Metadata_names_an_icon_and_a_compose_file_that_exist_and_are_shipped_at_the_image_root()
    {
        var icon = Metadata.GetProperty("icon").GetString()!;
        var compose = Metadata.GetProperty("vm").GetProperty("composefile").GetString()!;

        Assert.True(File.Exists(RepositoryRoot.File(icon)), $"metadata.json names the icon {icon}, which is missing.");
        Assert.True(File.Exists(RepositoryRoot.File(compose)), $"metadata.json names the compose file {compose}, which is missing.");
        var rootCopies = Image.FinalStage.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words[^1] == "/")
            .SelectMany(words => words[..^1])
            .ToHashSet();
        Assert.Contains("metadata.json", rootCopies);
        Assert.Contains(icon, rootCopies);
        Assert.Contains(compose, rootCopies);
    }

    [Fact]
    public void The_dashboard_tab_talks_to_the_socket_the_vm_exposes_and_its_root_is_where_the_ui_is_copied()
    {
        Assert.Equal("meshdock.sock", SocketName);
        Assert.Equal(SocketName, DashboardTab.GetProperty("backend").GetProperty("socket").GetString());
        Assert.False(string.IsNullOrWhiteSpace(DashboardTab.GetProperty("title").GetString()));
        Assert.Equal("index.html", DashboardTab.GetProperty("src").GetString());

        var root = DashboardTab.GetProperty("root").GetString();
        Assert.Contains(Image.FinalStage, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=ui ", StringComparison.Ordinal)
            && i.Arguments.EndsWith(" " + root, StringComparison.Ordinal));
    }

    [Fact]
    public void The_backend_listens_on_the_exposed_socket_and_keeps_its_data_in_the_compose_volume()
    {
        Assert.Equal("dotnet", Command[0]);
        Assert.Equal($"/run/guest-services/{SocketName}", ValueAfter(Command, "--socket"));

        var data = ValueAfter(Command, "--data");
        var volumes = ((YamlSequenceNode)Service["volumes"]).Select(v => v.ToString()).ToList();
        var named = volumes.Select(v => v.Split(':')).Where(p => p.Length >= 2 && p[1] == data).ToList();
        var volume = Assert.Single(named)[0];
        Assert.DoesNotContain('/', volume);
        Assert.Contains(((YamlMappingNode)Compose["volumes"]).Children.Keys, k => k.ToString() == volume);
    }

    [Fact]
    public void Compose_runs_the_extension_image_with_the_engine_socket_and_the_kubeconfig_read_only()
    {
        Assert.Single(((YamlMappingNode)Compose["services"]).Children);
        Assert.Equal("${DESKTOP_PLUGIN_IMAGE}", Service["image"].ToString());

        var volumes = ((YamlSequenceNode)Service["volumes"]).Select(v => v.ToString()).ToList();
        Assert.Contains("/var/run/docker.sock.raw:/var/run/docker.sock", volumes);
        Assert.Contains("${HOME}/.kube:/root/.kube:ro", volumes);
    }

    [Fact]
    public void The_hub_port_is_published_on_loopback_only_on_a_host_port_docker_picks()
    {
        var ports = ((YamlSequenceNode)Service["ports"]).Select(p => p.ToString()).ToList();
        var hub = Assert.Single(ports);
        var match = LoopbackAnyPort().Match(hub);
        Assert.True(match.Success, $"The hub port must be published as \"127.0.0.1::PORT\" (a fixed host port fails wherever it is taken), not \"{hub}\".");

        var urls = new Uri(ValueAfter(Command, "--urls"));
        Assert.Equal(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), urls.Port);
        Assert.Equal("0.0.0.0", urls.Host);
    }

    [Fact]
    public void The_image_carries_every_label_the_marketplace_requires()
    {
        var labels = Image.Labels();
        foreach (var label in RequiredLabels)
        {
            Assert.True(labels.TryGetValue(label, out var value) && !string.IsNullOrWhiteSpace(value), $"The Dockerfile lacks the label {label}.");
        }

        Assert.Matches(@"^>= \d+\.\d+\.\d+$", labels["com.docker.desktop.extension.api.version"]);
        Assert.Contains("kubernetes", labels["com.docker.extension.categories"].Split(','));
        Assert.Matches("<[a-z0-9]+>", labels["com.docker.extension.detailed-description"]);

        var screenshots = JsonDocument.Parse(labels["com.docker.extension.screenshots"]).RootElement;
        Assert.Equal(JsonValueKind.Array, screenshots.ValueKind);
        Assert.NotEqual(0, screenshots.GetArrayLength());
        foreach (var shot in screenshots.EnumerateArray())
        {
            Assert.False(string.IsNullOrWhiteSpace(shot.GetProperty("alt").GetString()));
            Assert.StartsWith("https://", shot.GetProperty("url").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_url_in_the_labels_comes_from_the_one_repository_build_argument()
    {
        var repository = Image.FinalStage.Where(i => i.Keyword == "ARG").Select(i => i.Arguments)
            .Single(a => a.StartsWith("REPO_URL=", StringComparison.Ordinal))["REPO_URL=".Length..];
        var urls = Image.Labels().Values.SelectMany(value => UrlPattern().Matches(value).Select(m => m.Value)).ToList();

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith(repository, url, StringComparison.Ordinal));
        Assert.DoesNotContain(Image.Arguments("LABEL"), label => label.Contains(repository, StringComparison.Ordinal));
    }

    [Fact]
    public void The_screenshots_label_lists_every_marketplace_picture_in_both_schemes_and_each_exists()
    {
        var repository = Image.FinalStage.Where(i => i.Keyword == "ARG").Select(i => i.Arguments)
            .Single(a => a.StartsWith("REPO_URL=", StringComparison.Ordinal))["REPO_URL=".Length..];
        var listed = JsonDocument.Parse(Image.Labels()["com.docker.extension.screenshots"]).RootElement.EnumerateArray()
            .Select(shot => shot.GetProperty("url").GetString()!)
            .Select(url =>
            {
                Assert.StartsWith($"{repository}/raw/main/", url, StringComparison.Ordinal);
                return url[$"{repository}/raw/main/".Length..];
            })
            .ToList();

        // `make screenshots` writes <name>-light.png and <name>-dark.png into docs/screenshots/.
        var pictures = Directory.GetFiles(RepositoryRoot.File("docs", "screenshots"), "*.png")
            .Select(path => "docs/screenshots/" + Path.GetFileName(path))
            .Where(path => path.EndsWith("-light.png", StringComparison.Ordinal) || path.EndsWith("-dark.png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(pictures, listed.Order(StringComparer.Ordinal).ToList());
        Assert.True(listed.Count >= 6, "The Marketplace page should show several pictures.");
        Assert.All(listed.Where(path => path.EndsWith("-light.png", StringComparison.Ordinal)),
            light => Assert.Contains(light.Replace("-light.png", "-dark.png", StringComparison.Ordinal), listed));
    }

    [GeneratedRegex(@"https://[^""\s,]+")]
    private static partial Regex UrlPattern();

    [Fact]
    public void The_image_is_multi_stage_cached_and_builds_for_the_target_architecture()
    {
        var froms = Image.Arguments("FROM").ToList();
        Assert.Contains(froms, f => f.StartsWith("--platform=$BUILDPLATFORM node:", StringComparison.Ordinal) && f.EndsWith(" AS ui", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[^1], StringComparison.Ordinal);
        Assert.Contains(Image.Arguments("RUN"), r => r.Contains("--mount=type=cache", StringComparison.Ordinal) && r.Contains("npm ci", StringComparison.Ordinal));
        Assert.Contains(Image.Arguments("RUN"), r => r.Contains("--mount=type=cache", StringComparison.Ordinal) && r.Contains("dotnet publish", StringComparison.Ordinal));

        // helm and the backend must match the platform the image runs on, not the one that builds it.
        Assert.Contains(Image.Arguments("RUN"), r => r.Contains("helm-${HELM_VERSION}-linux-${TARGETARCH}", StringComparison.Ordinal) && r.Contains("sha256sum -c", StringComparison.Ordinal));
        Assert.Contains(Image.Arguments("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal) && r.Contains("$TARGETARCH", StringComparison.Ordinal));
        Assert.Contains(Image.FinalStage, i => i.Keyword == "COPY" && i.Arguments.EndsWith(" /usr/local/bin/helm", StringComparison.Ordinal));

        // The backend opens the engine socket and reads the mounted kubeconfig as root, as Docker's samples do.
        Assert.DoesNotContain(Image.FinalStage, i => i.Keyword == "USER");
    }

    [Fact]
    public void Every_project_the_server_builds_from_is_copied_before_the_restore()
    {
        var restore = Image.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "The Dockerfile has no `dotnet restore` step.");
        var copiedBefore = Image.Instructions.Take(restore).Where(i => i.Keyword == "COPY").Select(i => i.Arguments).ToList();

        foreach (var project in ServerProjectClosure())
        {
            var relative = Path.GetRelativePath(RepositoryRoot.Path, project).Replace('\\', '/');
            Assert.True(copiedBefore.Any(c => c.Split(' ').Contains(relative)),
                $"The Dockerfile does not copy {relative} before `dotnet restore`, so the image build would fail to restore it.");
        }
    }

    private static IEnumerable<string> ServerProjectClosure()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([RepositoryRoot.File("backend", "src", "Meshdock.Server", "Meshdock.Server.csproj")]);
        while (pending.Count > 0)
        {
            var project = Path.GetFullPath(pending.Pop());
            if (!seen.Add(project))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                pending.Push(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value));
            }
        }

        return seen;
    }

    private static string ValueAfter(IReadOnlyList<string> args, string flag)
    {
        var at = args.ToList().IndexOf(flag);
        Assert.True(at >= 0 && at + 1 < args.Count, $"The image's command has no {flag} value.");
        return args[at + 1];
    }

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"^127\.0\.0\.1::(\d+)$")]
    private static partial Regex LoopbackAnyPort();
}
