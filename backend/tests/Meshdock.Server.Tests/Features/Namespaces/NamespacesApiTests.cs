using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Features.Namespaces;

/// <summary>
/// The namespaces API and its operations, in-process so that test join rules stand in for the mesh catalog, against
/// the Kubernetes API emulator.
/// </summary>
public sealed class NamespacesApiTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private Emulator _emulator = null!;
    // Any type of the server assembly names its entry point; "Program" is ambiguous beside the emulator's.
    private WebApplicationFactory<NamespaceMembership> _factory = null!;
    private HttpClient _api = null!;
    private IKubernetes _kube = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new Meshdock.KubeEmulator.KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        var kubeconfig = _emulator.WriteKubeconfig(_folder.File("config"));
        _kube = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await _kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
        await _kube.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "shop");
        _factory = new WebApplicationFactory<NamespaceMembership>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Meshdock:Data", _folder.File("data"));
            web.UseSetting("Cluster:Kubeconfig", kubeconfig);
            web.UseSetting("Cluster:InContainer", "false");
            web.ConfigureServices(services =>
            {
                services.RemoveAll<IMeshMembershipRules>(); // the catalog's rules make way for the test's three
                services.AddSingleton<IMeshMembershipRules, TestMeshRules>();
            });
        });
        _api = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    public void Dispose()
    {
        _kube.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Join_restart_and_leave_run_as_operations_and_change_the_namespace()
    {
        var list = await _api.GetFromJsonAsync<JsonElement>("/api/namespaces");
        Assert.Equal(["istio", "linkerd", "osm"], list.GetProperty("joinableMeshes").EnumerateArray().Select(m => m.GetProperty("meshId").GetString()));
        var shop = Namespace(list, "shop");
        Assert.Empty(shop.GetProperty("meshes").EnumerateArray());
        Assert.Equal(1, shop.GetProperty("deployments").GetInt32());
        Assert.True(Namespace(list, "kube-system").GetProperty("system").GetBoolean());

        var joined = await RunAsync(await _api.PostAsJsonAsync("/api/namespaces/shop/meshes", new { mesh = "istio" }));
        Assert.Equal("succeeded", joined.Operation.Status);
        Assert.Equal("namespace:shop", joined.Operation.Target);
        Assert.Contains(joined.Events, e => e.Kind == "warning" && e.Message.Contains("(web) keep running without the Istio proxy until they restart", StringComparison.Ordinal));
        Assert.Equal("enabled", (await _kube.CoreV1.ReadNamespaceAsync("shop")).Metadata.Labels["istio-injection"]);
        list = await _api.GetFromJsonAsync<JsonElement>("/api/namespaces");
        Assert.Equal("istio", Namespace(list, "shop").GetProperty("meshes")[0].GetProperty("meshId").GetString());

        var restarted = await RunAsync(await _api.PostActionAsync("/api/namespaces/shop/restart"));
        Assert.Equal("succeeded", restarted.Operation.Status);
        var progress = restarted.Events.Last(e => e.Kind == "progress");
        Assert.Equal("All 1 deployment(s) rolled out.", progress.Message);
        Assert.Equal(1, progress.Data!.Value.GetProperty("done").GetInt32());
        Assert.True((await _kube.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Template.Metadata.Annotations
            .ContainsKey(NamespaceMembership.RestartedAtAnnotation));

        var left = await RunAsync(await _api.DeleteActionAsync("/api/namespaces/shop/meshes/istio"));
        Assert.Equal("succeeded", left.Operation.Status);
        Assert.False((await _kube.CoreV1.ReadNamespaceAsync("shop")).Metadata.Labels?.ContainsKey("istio-injection") ?? false);
    }

    [Theory]
    [InlineData("POST", "/api/namespaces/kube-system/meshes", "istio", HttpStatusCode.BadRequest, "Kubernetes' own namespaces")]
    [InlineData("POST", "/api/namespaces/nowhere/meshes", "istio", HttpStatusCode.NotFound, "There is no namespace 'nowhere'")]
    [InlineData("POST", "/api/namespaces/shop/meshes", "kuma", HttpStatusCode.BadRequest, "use one of istio, linkerd, osm")]
    [InlineData("POST", "/api/namespaces/shop/meshes", null, HttpStatusCode.BadRequest, "'mesh' is required")]
    [InlineData("DELETE", "/api/namespaces/shop/meshes/linkerd", null, HttpStatusCode.Conflict, "is not in Linkerd")]
    [InlineData("POST", "/api/namespaces/kube-system/restart", null, HttpStatusCode.BadRequest, "does not restart its deployments")]
    [InlineData("POST", "/api/namespaces/empty-or-missing/restart", null, HttpStatusCode.Conflict, "no deployments to restart")]
    public async Task Requests_that_cannot_work_get_a_problem_with_a_sentence(string method, string url, string? mesh, HttpStatusCode status, string sentence)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" && url.EndsWith("/meshes", StringComparison.Ordinal) ? JsonContent.Create(new { mesh }) : JsonContent.Create(new { }),
        };
        using var response = await _api.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(sentence, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_change_to_the_same_namespace_while_one_runs_is_a_409_naming_the_running_operation()
    {
        _emulator.Faults.FailPodsNamed("web-"); // the restart's new pods never become ready: the first operation keeps running
        using var first = await _api.PostActionAsync("/api/namespaces/shop/restart");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;

        using var second = await _api.PostAsJsonAsync("/api/namespaces/shop/meshes", new { mesh = "linkerd" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operationId").GetString());
        await _api.PostActionAsync($"/api/operations/{id}/cancel");
    }

    private async Task<(OperationDto Operation, List<EventDto> Events)> RunAsync(HttpResponseMessage started)
    {
        using (started)
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = (await started.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
            var events = await _api.PollEventsUntilFinalAsync(id, TimeSpan.FromSeconds(60));
            return (await _api.GetOperationAsync(id), events);
        }
    }

    private static JsonElement Namespace(JsonElement list, string name) =>
        list.GetProperty("namespaces").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "nginx:1.27" }] },
            },
        },
    };
}
