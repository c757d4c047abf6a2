using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>Webhook configurations checked as the API server checks them (admissionregistration v1 validation).</summary>
public sealed class WebhookValidationTests : IAsyncLifetime, IDisposable
{
    private const string Validating = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    private const string Mutating = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private readonly ClusterSession _session = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _http.BaseAddress = _session.Emulator.BaseUrl;
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private static JsonObject Configuration(string kind, string name, string webhooks) => JsonNode.Parse($$"""
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "{{kind}}", "metadata": {"name": "{{name}}"}, "webhooks": {{webhooks}}}
        """)!.AsObject();

    private const string Good = """
        {"name": "validate.example.meshdock.io", "clientConfig": {"service": {"name": "cp", "namespace": "system", "port": 443, "path": "/validate"}},
         "sideEffects": "None", "admissionReviewVersions": ["v1"], "failurePolicy": "Fail", "timeoutSeconds": 10,
         "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"], "resources": ["pods"]}]}
        """;

    private async Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task A_well_formed_configuration_of_each_kind_is_created()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Validating, Configuration("ValidatingWebhookConfiguration", "good", $"[{Good}]"))).Code);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Mutating, Configuration("MutatingWebhookConfiguration", "good",
            $"[{Good.Replace("\"Fail\"", "\"Ignore\", \"reinvocationPolicy\": \"IfNeeded\"", StringComparison.Ordinal)}]"))).Code);
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { """{"name": "short.io", "clientConfig": {"url": "https://x.example/"}, "sideEffects": "None", "admissionReviewVersions": ["v1"]}""",
            "webhooks[0].name", "Invalid value: \"short.io\": should be a domain with at least three segments separated by dots" },
        { """{"name": "a.b.c", "clientConfig": {}, "sideEffects": "None", "admissionReviewVersions": ["v1"]}""",
            "webhooks[0].clientConfig", "Required value: exactly one of url or service is required" },
        { """{"name": "a.b.c", "clientConfig": {"url": "https://x.example/"}, "admissionReviewVersions": ["v1"]}""",
            "webhooks[0].sideEffects", "Required value: must specify one of None, NoneOnDryRun" },
        { """{"name": "a.b.c", "clientConfig": {"url": "https://x.example/"}, "sideEffects": "Some", "admissionReviewVersions": ["v1"]}""",
            "webhooks[0].sideEffects", "Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"" },
        { """{"name": "a.b.c", "clientConfig": {"url": "https://x.example/"}, "sideEffects": "None"}""",
            "webhooks[0].admissionReviewVersions", "Required value: must specify one of v1, v1beta1" },
        { """{"name": "a.b.c", "clientConfig": {"url": "https://x.example/"}, "sideEffects": "None", "admissionReviewVersions": ["v1"], "rules": [{"operations": ["GET"]}]}""",
            "webhooks[0].rules[0].operations[0]", "Unsupported value: \"GET\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"" },
        { """{"name": "a.b.c", "clientConfig": {"url": "https://x.example/"}, "sideEffects": "None", "admissionReviewVersions": ["v1"], "timeoutSeconds": 31}""",
            "webhooks[0].timeoutSeconds", "Invalid value: 31: the timeout value must be between 1 and 30 seconds" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_webhook_the_API_server_refuses_is_a_422_naming_the_field(string webhook, string field, string message)
    {
        var (code, status) = await PostAsync(Validating, Configuration("ValidatingWebhookConfiguration", "bad", $"[{webhook}]"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal((field, message), ((string)cause["field"]!, (string)cause["message"]!));
    }

    [Fact]
    public async Task Two_webhooks_with_one_name_are_a_duplicate()
    {
        var (code, status) = await PostAsync(Mutating, Configuration("MutatingWebhookConfiguration", "twice", $"[{Good}, {Good}]"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("webhooks[1].name", "Duplicate value: \"validate.example.meshdock.io\""), ((string)cause["field"]!, (string)cause["message"]!));
    }
}
