using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>Label keys, ConfigMap and Secret keys and CustomResourceDefinitions checked as the API server checks them.</summary>
public sealed class ObjectValidationTests : IAsyncLifetime, IDisposable
{
    private readonly ClusterSession _session = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _http.BaseAddress = _session.Emulator.BaseUrl;
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static string Crd(string scope = "\"Namespaced\"", string versions = """[{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}}}]""") => $$$"""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "things.example.meshdock.io"},
         "spec": {"group": "example.meshdock.io", "scope": {{{scope}}}, "names": {"plural": "things", "kind": "Thing"}, "versions": {{{versions}}}}}
        """;

    public static TheoryData<string, string, string, string> Mistakes => new()
    {
        { "/api/v1/namespaces/default/configmaps", """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"a b": "x"}}}""",
            "metadata.labels", "Invalid value: \"a b\": name part must consist of alphanumeric characters" },
        { "/api/v1/namespaces/default/configmaps", """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"Example.com/app": "x"}}}""",
            "metadata.labels", "Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain" },
        { "/api/v1/namespaces/default/configmaps", """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"config yaml": "x"}}""",
            "data[config yaml]", "Invalid value: \"config yaml\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'" },
        { "/api/v1/namespaces/default/secrets", """{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"tls/crt": "eA=="}}""",
            "data[tls/crt]", "Invalid value: \"tls/crt\": a valid config key" },
        { Crds, Crd(scope: "\"Global\""), "spec.scope", "Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"" },
        { Crds, Crd(versions: """[{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}}}, {"name": "v2", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}}}]"""),
            "spec.versions", "must have exactly one version marked as storage version" },
        { Crds, Crd(versions: """[{"name": "v1", "served": true, "storage": true}]"""), "spec.versions[0].schema.openAPIV3Schema", "Required value: schemas are required" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task An_object_the_API_server_refuses_is_a_422_naming_the_field(string path, string body, string field, string message)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var cause = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["details"]!["causes"]!.AsArray())!;
        Assert.Equal(field, (string?)cause["field"]);
        Assert.Contains(message, (string)cause["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefixed_label_keys_dotted_config_keys_and_a_CRD_with_one_storage_version_and_schemas_are_accepted()
    {
        var configMap = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok", "labels": {"app.kubernetes.io/name": "kuma", "k8s-app": "x"}}, "data": {"ca-bundle.crt": "x", "config_2.yaml": "y"}}""";
        using var created = await _http.PostAsync("/api/v1/namespaces/default/configmaps", new StringContent(configMap, Encoding.UTF8, "application/json"));
        using var crd = await _http.PostAsync(Crds, new StringContent(Crd(versions: """[{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}}}, {"name": "v2", "served": true, "storage": false, "schema": {"openAPIV3Schema": {"type": "object"}}}]"""), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, crd.StatusCode);
    }
}
