using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Features.Filters.Sandbox;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>
/// The VM configuration, the root id and a plain-string plugin configuration: given to a filter in the sandbox, carried
/// by the Consul and Kuma objects, and refused with a sentence where Istio's WasmPlugin has no room for them.
/// </summary>
public sealed class FilterConfigurationTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private HttpClient Api => fixture.Api;

    /// <summary>Answers every request with "VM configuration|plugin_root_id|plugin configuration".</summary>
    private static readonly byte[] ConfigurationEcho = Wasmtime.Module.ConvertText("""
        (module
          (import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))
          (import "env" "proxy_get_property" (func $get_property (param i32 i32 i32 i32) (result i32)))
          (import "env" "proxy_send_local_response" (func $send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 2)
          (global $heap (mut i32) (i32.const 65536))
          (global $out (mut i32) (i32.const 0))
          (global $vm (mut i64) (i64.const 0)) (global $plugin (mut i64) (i64.const 0))
          (data (i32.const 1000) "plugin_root_id") (data (i32.const 1020) "|")
          (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
            (local $pointer i32)
            (local.set $pointer (global.get $heap))
            (global.set $heap (i32.add (global.get $heap) (local.get $size)))
            (local.get $pointer))
          (func (export "_initialize"))
          (func (export "proxy_abi_version_0_2_1"))
          (func $read (param $type i32) (param $size i32) (result i64)
            (i32.store (i32.const 100) (i32.const 0)) (i32.store (i32.const 104) (i32.const 0))
            (drop (call $get_buffer (local.get $type) (i32.const 0) (local.get $size) (i32.const 100) (i32.const 104)))
            (i64.or (i64.extend_i32_u (i32.load (i32.const 100))) (i64.shl (i64.extend_i32_u (i32.load (i32.const 104))) (i64.const 32))))
          (func $append (param $pointer i32) (param $length i32)
            (memory.copy (i32.add (i32.const 4096) (global.get $out)) (local.get $pointer) (local.get $length))
            (global.set $out (i32.add (global.get $out) (local.get $length))))
          (func $append_slice (param $slice i64)
            (call $append (i32.wrap_i64 (local.get $slice)) (i32.wrap_i64 (i64.shr_u (local.get $slice) (i64.const 32)))))
          (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (global.set $vm (call $read (i32.const 6) (local.get 1))) (i32.const 1))
          (func (export "proxy_on_configure") (param i32 i32) (result i32) (global.set $plugin (call $read (i32.const 7) (local.get 1))) (i32.const 1))
          (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
            (global.set $out (i32.const 0))
            (call $append_slice (global.get $vm))
            (call $append (i32.const 1020) (i32.const 1))
            (drop (call $get_property (i32.const 1000) (i32.const 14) (i32.const 100) (i32.const 104)))
            (call $append (i32.load (i32.const 100)) (i32.load (i32.const 104)))
            (call $append (i32.const 1020) (i32.const 1))
            (call $append_slice (global.get $plugin))
            (drop (call $send_local_response (i32.const 200) (i32.const 0) (i32.const 0) (i32.const 4096) (global.get $out)
              (i32.const 0) (i32.const 0) (i32.const -1)))
            (i32.const 1))
        )
        """);

    [Fact]
    public async Task The_sandbox_hands_the_filter_its_VM_configuration_root_id_and_a_string_plugin_configuration()
    {
        using var created = await Api.PostAsync("/api/filters?name=config-echo", FilterModules.Content(ConfigurationEcho));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var filter = (await created.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;

        var given = await Api.StartSandboxAsync(new { filterId = filter.Id, upstream = "imagehub", pluginConfig = "limit=10", vmConfiguration = "vm settings", rootId = "my_root" });
        var defaulted = await Api.StartSandboxAsync(new { filterId = filter.Id, upstream = "imagehub" });
        try
        {
            Assert.Equal("vm settings|my_root|limit=10", await AnswerAsync(given.Url));
            Assert.Equal("|config-echo|", await AnswerAsync(defaulted.Url)); // the root id a mesh would use: the filter's name
        }
        finally
        {
            await Api.StopSandboxAsync(given.Id);
            await Api.StopSandboxAsync(defaulted.Id);
        }
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{"vmConfiguration": "x", "upstream": "imagehub"}""", "vmConfiguration", "give a 'filterId' too" },
        { """{"filterId": "rate-limit", "rootId": "a\nb", "upstream": "imagehub"}""", "rootId", "without control characters" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_sandbox_request_with_a_bad_VM_configuration_or_root_id_is_a_400_naming_the_field(string body, string field, string expected)
    {
        using var response = await Api.PostAsync("/api/sandbox", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Contains(expected, Assert.Single(problem.Errors![field]), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> RefusedAttaches => new()
    {
        { """{"mesh": "istio", "namespace": "imagehub", "workloadSelector": {"app": "api"}, "pluginConfig": "plain"}""", "pluginConfig", "Istio's WasmPlugin carries the plugin configuration as a JSON object" },
        { """{"mesh": "istio", "namespace": "imagehub", "workloadSelector": {"app": "api"}, "vmConfiguration": "vm"}""", "vmConfiguration", "Istio's WasmPlugin has no field for a VM configuration" },
        { """{"mesh": "kuma", "namespace": "imagehub", "workloadSelector": {"app": "api"}, "pluginConfig": 7}""", "pluginConfig", "must be a JSON object or a string" },
        { """{"mesh": "consul", "namespace": "imagehub", "workloadSelector": {"app": "api"}, "rootId": "a\u0001"}""", "rootId", "without control characters" },
    };

    [Theory]
    [MemberData(nameof(RefusedAttaches))]
    public async Task An_attach_the_mesh_cannot_carry_is_a_400_with_a_sentence(string body, string field, string expected)
    {
        using var response = await Api.PostAsync("/api/filters/rate-limit/attach", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Contains(expected, Assert.Single(problem.Errors![field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Consul_and_Kuma_carry_the_root_id_VM_configuration_and_a_string_plugin_configuration()
    {
        var target = new AttachmentTarget("echo-api", "imagehub", new Dictionary<string, string> { ["app"] = "api" }, "echo", new string('a', 64),
            "limit=10", RootId: "my_root", VmConfiguration: "vm settings");

        var consul = MeshAttachmentManifests.ConsulServiceDefaults(target, "api")["spec"]!["envoyExtensions"]![0]!["arguments"]!["PluginConfig"]!;
        var kuma = JsonNode.Parse((string)MeshAttachmentManifests.KumaMeshProxyPatch(target, MeshAttachmentManifests.KumaTargetRef(target, null, null))["spec"]!["default"]!["appendModifications"]![1]!["httpFilter"]!["value"]!)!
            ["typedConfig"]!["config"]!;

        Assert.Equal(("my_root", "limit=10", "vm settings"), ((string)consul["RootID"]!, (string)consul["Configuration"]!, (string)consul["VmConfig"]!["Configuration"]!));
        Assert.Equal(("my_root", "limit=10", "vm settings"),
            ((string)kuma["rootId"]!, (string)kuma["configuration"]!["value"]!, (string)kuma["vmConfig"]!["configuration"]!["value"]!));
    }

    [Fact]
    public void Every_mesh_names_the_filter_as_its_root_id_when_none_is_asked_for()
    {
        var target = new AttachmentTarget("echo-api", "imagehub", new Dictionary<string, string> { ["app"] = "api" }, "echo", new string('a', 64), "{}");

        var istio = (string)MeshAttachmentManifests.IstioWasmPlugin(target)["spec"]!["pluginName"]!; // Istio's root_id
        var consul = (string)MeshAttachmentManifests.ConsulServiceDefaults(target, "api")["spec"]!["envoyExtensions"]![0]!["arguments"]!["PluginConfig"]!["RootID"]!;
        var kuma = (string)JsonNode.Parse((string)MeshAttachmentManifests.KumaMeshProxyPatch(target, MeshAttachmentManifests.KumaTargetRef(target, null, null))["spec"]!["default"]!["appendModifications"]![1]!["httpFilter"]!["value"]!)!
            ["typedConfig"]!["config"]!["rootId"]!;

        Assert.Equal(["echo", "echo", "echo"], [istio, consul, kuma]);
    }

    private static async Task<string> AnswerAsync(string sandboxUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(sandboxUrl) };
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
