using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Testing;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>
/// Custom resources checked against their CRD's openAPIV3Schema as the API server checks them, with the meshes' real
/// CRDs (Istio's WasmPlugin, Consul's ServiceDefaults, Kuma's MeshProxyPatch) and the stock kubectl.
/// </summary>
public sealed class CrdSchemaTests : IAsyncLifetime, IDisposable
{
    private const string WasmPlugins = "/apis/extensions.istio.io/v1alpha1/namespaces/default/wasmplugins";
    private const string Sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private readonly ClusterSession _session = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _http.BaseAddress = _session.Emulator.BaseUrl;
        await CrdFixtures.InstallAsync(_session.Emulator, "istio", "1.30.3");
        await CrdFixtures.InstallAsync(_session.Emulator, "consul", "2.0.3");
        await CrdFixtures.InstallAsync(_session.Emulator, "kuma", "2.14.3");
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private static JsonObject Plugin(string spec) => JsonNode.Parse($$"""
        {"apiVersion": "extensions.istio.io/v1alpha1", "kind": "WasmPlugin", "metadata": {"name": "p"}, "spec": {{spec}}}
        """)!.AsObject();

    private async Task<(HttpStatusCode Code, JsonObject Body, HttpResponseMessage Response)> PostAsync(string path, JsonObject body)
    {
        var response = await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response);
    }

    private static (string Field, string Reason, string Message) OnlyCause(JsonObject status)
    {
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        return ((string)cause["field"]!, (string)cause["reason"]!, (string)cause["message"]!);
    }

    [Fact]
    public async Task A_value_outside_the_enum_is_refused_with_the_supported_values()
    {
        var (code, status, _) = await PostAsync(WasmPlugins, Plugin($$"""{"url": "http://x/m.wasm", "phase": "BEFORE_ROUTER"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(("spec.phase", "FieldValueNotSupported",
            "Unsupported value: \"BEFORE_ROUTER\": supported values: \"UNSPECIFIED_PHASE\", \"AUTHN\", \"AUTHZ\", \"STATS\""), OnlyCause(status));
        Assert.StartsWith("WasmPlugin.extensions.istio.io \"p\" is invalid: spec.phase: Unsupported value", (string)status["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_field_a_wrong_type_and_a_pattern_mismatch_are_each_a_cause()
    {
        var (code, status, _) = await PostAsync(WasmPlugins, Plugin("""{"sha256": "ABC", "priority": "high"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var causes = status["details"]!["causes"]!.AsArray().Select(c => ((string)c!["field"]!, (string)c["reason"]!)).ToList();
        Assert.Contains(("spec.url", "FieldValueRequired"), causes);
        Assert.Contains(("spec.priority", "FieldValueTypeInvalid"), causes);
        Assert.Contains(("spec.sha256", "FieldValueInvalid"), causes);
        Assert.Contains("spec.sha256 in body should match '(^$|^[a-f0-9]{64}$)'", (string)status["message"]!, StringComparison.Ordinal);
        Assert.Contains("spec.priority in body must be of type integer: \"string\"", (string)status["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_with_a_warning_and_refused_under_strict_field_validation()
    {
        var plugin = Plugin($$$"""{"url": "http://x/m.wasm", "sha256": "{{{Sha}}}", "pluginConfig": {"any": {"shape": [1]}}, "targetRefs": [{"kind": "Gateway", "name": "w", "port": 80}], "surprise": true}""");

        var (code, stored, response) = await PostAsync(WasmPlugins, plugin);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Null(stored["spec"]!["surprise"]);
        Assert.Null(stored["spec"]!["targetRefs"]![0]!["port"]);
        // x-kubernetes-preserve-unknown-fields keeps whatever the plugin configuration holds.
        Assert.Equal(1, (int)stored["spec"]!["pluginConfig"]!["any"]!["shape"]![0]!);
        var warnings = response.Headers.GetValues("Warning").ToList();
        Assert.Contains("299 - \"unknown field \\\"spec.surprise\\\"\"", warnings);
        Assert.Contains("299 - \"unknown field \\\"spec.targetRefs[0].port\\\"\"", warnings);

        plugin["metadata"]!["name"] = "strict";
        var (strictCode, status, _) = await PostAsync($"{WasmPlugins}?fieldValidation=Strict", plugin);
        Assert.Equal(HttpStatusCode.BadRequest, strictCode);
        Assert.Equal("WasmPlugin in version \"v1alpha1\" cannot be handled as a WasmPlugin: strict decoding error: unknown field \"spec.targetRefs[0].port\", unknown field \"spec.surprise\"",
            (string)status["message"]!);
    }

    [Fact]
    public async Task Item_limits_and_nested_required_fields_apply_inside_lists()
    {
        var refs = string.Join(", ", Enumerable.Range(0, 17).Select(i => $$"""{"kind": "Gateway", "name": "w{{i}}"}"""));
        var (code, status, _) = await PostAsync(WasmPlugins, Plugin($$"""{"url": "http://x/m.wasm", "targetRefs": [{{refs}}, {"kind": "Gateway"}]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var causes = status["details"]!["causes"]!.AsArray().Select(c => ((string)c!["field"]!, (string)c["message"]!)).ToList();
        Assert.Contains(("spec.targetRefs", "Too many: 18: must have at most 16 items"), causes);
        Assert.Contains(("spec.targetRefs[17].name", "Required value"), causes);
    }

    [Fact]
    public async Task Updates_and_patches_are_validated_too()
    {
        var (created, _, _) = await PostAsync(WasmPlugins, Plugin("""{"url": "http://x/m.wasm"}"""));
        Assert.Equal(HttpStatusCode.Created, created);

        var patch = new StringContent("""{"spec": {"failStrategy": "SOMETIMES"}}""", Encoding.UTF8, "application/merge-patch+json");
        var response = await _http.PatchAsync($"{WasmPlugins}/p", patch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var (field, reason, _) = OnlyCause(status);
        Assert.Equal(("spec.failStrategy", "FieldValueNotSupported"), (field, reason));
    }

    [Fact]
    public async Task Consul_extension_arguments_are_kept_whole_and_kuma_needs_its_modifications_typed()
    {
        var defaults = JsonNode.Parse("""
            {"apiVersion": "consul.hashicorp.com/v1alpha1", "kind": "ServiceDefaults", "metadata": {"name": "api"},
             "spec": {"protocol": "http", "envoyExtensions": [{"name": "builtin/wasm", "required": "yes", "arguments": {"Anything": {"Goes": 1}}}]}}
            """)!.AsObject();
        var (consulCode, consulStatus, _) = await PostAsync("/apis/consul.hashicorp.com/v1alpha1/namespaces/default/servicedefaults", defaults);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, consulCode);
        Assert.Equal("spec.envoyExtensions[0].required", OnlyCause(consulStatus).Field);

        defaults["spec"]!["envoyExtensions"]![0]!["required"] = true;
        var (created, stored, _) = await PostAsync("/apis/consul.hashicorp.com/v1alpha1/namespaces/default/servicedefaults", defaults);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(1, (int)stored["spec"]!["envoyExtensions"]![0]!["arguments"]!["Anything"]!["Goes"]!);

        var patch = JsonNode.Parse("""
            {"apiVersion": "kuma.io/v1alpha1", "kind": "MeshProxyPatch", "metadata": {"name": "p", "namespace": "default"},
             "spec": {"targetRef": {"kind": "Cluster"}, "default": {"appendModifications": [{"httpFilter": {"operation": "Add"}}]}}}
            """)!.AsObject();
        var (kumaCode, kumaStatus, _) = await PostAsync("/apis/kuma.io/v1alpha1/namespaces/default/meshproxypatches", patch);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, kumaCode);
        Assert.Contains("spec.targetRef.kind: Unsupported value: \"Cluster\"", (string)kumaStatus["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_prints_the_servers_refusal()
    {
        var manifest = _session.WriteFile("plugin.yaml", """
            apiVersion: extensions.istio.io/v1alpha1
            kind: WasmPlugin
            metadata:
              name: bad
              namespace: default
            spec:
              url: http://x/m.wasm
              phase: LATE
            """);

        var result = await _session.KubectlAsync("apply", "--server-side", "-f", manifest);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The WasmPlugin \"bad\" is invalid: spec.phase: Unsupported value: \"LATE\"", result.Stderr, StringComparison.Ordinal);
    }
}
