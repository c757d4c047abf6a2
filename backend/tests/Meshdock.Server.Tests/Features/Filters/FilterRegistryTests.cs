using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>The registry over the real socket: uploads validated before anything is stored, the built-in filter,
/// download and delete, and the data folder checked after every refusal.</summary>
public sealed class FilterRegistryTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    private HttpClient Api => fixture.Api;

    private string ModulesFolder => Path.Combine(fixture.Server.DataDirectory, "filters");

    [Fact]
    public async Task The_built_rate_limit_filter_is_in_the_registry_as_a_built_in()
    {
        var filters = await Api.GetFromJsonAsync<List<FilterDto>>("/api/filters", ApiClient.Json);

        var builtIn = Assert.Single(filters!, f => f.Id == "rate-limit");
        Assert.True(builtIn.BuiltIn);
        Assert.Equal("0.2.1", builtIn.AbiVersion);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(FilterModules.RateLimit)), builtIn.Sha256);
        Assert.Equal(10, builtIn.DefaultPluginConfig!.Value.GetProperty("limits").GetProperty("Personal").GetInt32());
        Assert.True(File.Exists(Path.Combine(ModulesFolder, $"{builtIn.Sha256}.wasm")));

        using var delete = await Api.DeleteAsync("/api/filters/rate-limit");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }

    [Fact]
    public async Task A_restart_keeps_the_built_in_without_loading_wasmtime_again()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        await using (var first = await ServerProcess.StartAsync(tcp: false, dataDirectory: data))
        {
            Assert.Contains("Built-in filter rate-limit registered", first.Output, StringComparison.Ordinal);
            Assert.True(LoadsWasmtime(first.ProcessId), "the first start validates the module under Wasmtime");
        }

        await using var second = await ServerProcess.StartAsync(tcp: false, dataDirectory: data);
        var filters = await second.Api.GetFromJsonAsync<List<FilterDto>>("/api/filters", ApiClient.Json);

        Assert.Single(filters!, f => f.Id == "rate-limit" && f.BuiltIn);
        Assert.Contains("Built-in filter rate-limit already registered", second.Output, StringComparison.Ordinal);
        Assert.False(LoadsWasmtime(second.ProcessId), "an idle restart should not map libwasmtime");
    }

    private static bool LoadsWasmtime(int processId) =>
        File.ReadAllText($"/proc/{processId}/maps").Contains("libwasmtime", StringComparison.Ordinal);

    [Fact]
    public async Task An_upload_is_validated_stored_by_sha256_listed_downloaded_and_deleted()
    {
        var bytes = FilterModules.PassThrough();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var created = await Api.PostAsync("/api/filters?name=pass-through", FilterModules.Content(bytes));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var filter = (await created.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;
        Assert.Equal($"/api/filters/{filter.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("pass-through", sha256, "0.2.1", bytes.Length, false), (filter.Name, filter.Sha256, filter.AbiVersion, filter.Size, filter.BuiltIn));
        Assert.Equal(["memory", "proxy_on_memory_allocate", "_initialize", "proxy_abi_version_0_2_1"], filter.Exports);
        Assert.Empty(filter.Imports);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(ModulesFolder, $"{sha256}.wasm")));

        Assert.Contains(await Api.GetFromJsonAsync<List<FilterDto>>("/api/filters", ApiClient.Json) ?? [], f => f.Id == filter.Id);
        var fetched = (await Api.GetFromJsonAsync<FilterDto>($"/api/filters/{filter.Id}", ApiClient.Json))!;
        Assert.Equal((filter.Name, filter.Sha256, filter.Size, filter.CreatedAt), (fetched.Name, fetched.Sha256, fetched.Size, fetched.CreatedAt));
        Assert.Equal(filter.Exports, fetched.Exports);
        using (var download = await Api.GetAsync($"/api/filters/{filter.Id}/module"))
        {
            Assert.Equal("application/wasm", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        }

        using var again = await Api.PostAsync("/api/filters?name=pass-through", FilterModules.Content(bytes));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var deleted = await Api.DeleteAsync($"/api/filters/{filter.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(ModulesFolder, $"{sha256}.wasm")));
        using var gone = await Api.GetAsync($"/api/filters/{filter.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_same_bytes_under_two_names_are_stored_once_and_kept_while_one_uses_them()
    {
        using var first = await Api.PostAsync("/api/filters?name=limit-copy", FilterModules.Content(FilterModules.RateLimit));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var copy = (await first.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;

        using var deleted = await Api.DeleteAsync($"/api/filters/{copy.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(File.Exists(Path.Combine(ModulesFolder, $"{copy.Sha256}.wasm")), "the built-in still uses these bytes");
    }

    public static TheoryData<string, string, string, string> BadUploads => new()
    {
        // case, name, content type, the words the sentence must contain
        { "wrong content type", "bad", "application/octet-stream", "Content-Type: application/wasm" },
        { "empty", "bad", "application/wasm", "empty" },
        { "truncated header", "bad", "application/wasm", "truncated" },
        { "truncated module", "bad", "application/wasm", "does not compile under Wasmtime" },
        { "random bytes", "bad", "application/wasm", "magic bytes" },
        { "bad name", "Bad_Name", "application/wasm", "not a valid filter name" },
        { "no name", "", "application/wasm", "Give the filter a name" },
        { "missing ABI marker", "bad", "application/wasm", "no proxy-wasm ABI marker" },
        { "unknown import", "bad", "application/wasm", "env.proxy_get_secret is not a proxy-wasm ABI 0.2.1 host function" },
        { "text format", "bad", "application/wasm", "wat2wasm" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_refused_with_a_sentence_and_nothing_is_stored(string @case, string name, string contentType, string expected)
    {
        var body = @case switch
        {
            "empty" => [],
            "truncated header" => FilterModules.RateLimit[..5],
            "truncated module" => FilterModules.RateLimit[..(FilterModules.RateLimit.Length / 2)],
            "random bytes" => RandomNumberGenerator.GetBytes(4096),
            "missing ABI marker" => FilterModules.WithoutAbiMarker(),
            "unknown import" => FilterModules.WithUnknownImport(),
            "text format" => "(module (memory 1))"u8.ToArray(),
            _ => FilterModules.PassThrough(),
        };
        var before = StoredFiles();

        using var response = await Api.PostAsync($"/api/filters?name={Uri.EscapeDataString(name)}", FilterModules.Content(body, contentType));

        await AssertRefusedAsync(response, expected);
        Assert.Equal(before, StoredFiles());
        Assert.DoesNotContain(await Api.GetFromJsonAsync<List<FilterDto>>("/api/filters", ApiClient.Json) ?? [], f => f.Name == name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_upload_is_refused_without_storing_it(bool announcedLength)
    {
        var before = StoredFiles();
        var body = new byte[(16 * 1024 * 1024) + 1];
        FilterModules.PassThrough().CopyTo(body, 0);
        HttpContent content = announcedLength
            ? FilterModules.Content(body)
            : new StreamContent(new NoLengthStream(body)) { Headers = { ContentType = new("application/wasm") } };

        using var response = await Api.PostAsync("/api/filters?name=huge", content);

        await AssertRefusedAsync(response, "16 MiB");
        Assert.Equal(before, StoredFiles());
        Assert.DoesNotContain(await Api.GetFromJsonAsync<List<FilterDto>>("/api/filters", ApiClient.Json) ?? [], f => f.Name == "huge");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Contains(expected, problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>Every file in the modules folder, temporary ones included: a refusal must leave no trace.</summary>
    private List<string> StoredFiles() => Directory.Exists(ModulesFolder)
        ? [.. Directory.EnumerateFiles(ModulesFolder).Select(Path.GetFileName).Order().OfType<string>()]
        : [];

    /// <summary>A body without Content-Length (sent chunked), so the limit must hold while reading.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
