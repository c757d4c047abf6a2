using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Session;

namespace Meshdock.Server.Tests.Platform.Problems;

/// <summary>Every bad input gets application/problem+json with a sentence naming what is wrong; never a 500 or a stack trace.</summary>
public sealed class ProblemDetailsTests(ContainerServerFixture fixture) : IClassFixture<ContainerServerFixture>
{
    [Theory]
    [InlineData("{\"steps\": 5,", HttpStatusCode.BadRequest, null, "not valid JSON")]
    [InlineData("{\"steps\": \"ten\"}", HttpStatusCode.BadRequest, "steps", "'steps' must be a whole number")]
    [InlineData("{\"steps\": 1.5}", HttpStatusCode.BadRequest, "steps", "'steps' must be a whole number")]
    [InlineData("{\"steps\": 99999999999}", HttpStatusCode.BadRequest, "steps", "'steps' must be a whole number")]
    [InlineData("{\"target\": 7}", HttpStatusCode.BadRequest, "target", "'target' must be a string")]
    [InlineData("{\"steps\": 0}", HttpStatusCode.BadRequest, "steps", "between 1 and 10000, not 0")]
    [InlineData("{\"steps\": 10001}", HttpStatusCode.BadRequest, "steps", "between 1 and 10000, not 10001")]
    [InlineData("{\"stepMillis\": -1}", HttpStatusCode.BadRequest, "stepMillis", "between 0 and 60000, not -1")]
    [InlineData("{\"stepMillis\": 60001}", HttpStatusCode.BadRequest, "stepMillis", "between 0 and 60000, not 60001")]
    [InlineData("{\"target\": \"no spaces please\"}", HttpStatusCode.BadRequest, "target", "'target' must be")]
    [InlineData("[1, 2]", HttpStatusCode.BadRequest, null, "must be a JSON object")]
    [InlineData("", HttpStatusCode.BadRequest, null, "needs a JSON body")]
    public async Task Bad_selftest_bodies_get_a_400_naming_the_field(string body, HttpStatusCode status, string? field, string sentence)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await fixture.Api.PostAsync("/api/operations/selftest", content);

        var problem = await AssertProblemAsync(response, status);
        Assert.Contains(sentence, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), $"errors has no '{field}': {problem}");
            Assert.NotEmpty(errors.EnumerateArray());
        }
    }

    [Fact]
    public async Task Several_wrong_fields_are_all_named_at_once()
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/operations/selftest", new { steps = 0, stepMillis = 70_000 });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("steps", out _));
        Assert.True(errors.TryGetProperty("stepMillis", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        using var content = new StringContent("steps=5", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await fixture.Api.PostAsync("/api/operations/selftest", content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/operations/does-not-exist", HttpStatusCode.NotFound, "no operation 'does-not-exist'")]
    [InlineData("/api/operations/does-not-exist/events", HttpStatusCode.NotFound, "no operation 'does-not-exist'")]
    [InlineData("/api/operations/x/events?after=-1", HttpStatusCode.BadRequest, "'after' must be 0")]
    [InlineData("/api/operations/x/events?after=abc", HttpStatusCode.BadRequest, "'after' must be a whole number")]
    [InlineData("/api/operations?limit=0", HttpStatusCode.BadRequest, "'limit' must be between 1 and 1000")]
    [InlineData("/api/operations?limit=many", HttpStatusCode.BadRequest, "The parameter 'limit' must be a whole number within range, not 'many'")]
    [InlineData("/api/perf/runs?since=yesterday", HttpStatusCode.BadRequest, "The parameter 'since' must be an ISO-8601 date and time, not 'yesterday'")]
    [InlineData("/api/no-such-thing", HttpStatusCode.NotFound, "nothing at GET /api/no-such-thing")]
    public async Task Bad_addresses_and_query_values_get_a_problem(string url, HttpStatusCode status, string sentence)
    {
        using var response = await fixture.Api.GetAsync(url);

        var problem = await AssertProblemAsync(response, status);
        Assert.Contains(sentence, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_unknown_operation_is_a_404_problem()
    {
        using var response = await fixture.Api.PostAsync("/api/operations/nope/cancel", null);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var response = await fixture.Api.DeleteAsync("/api/operations");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.EndsWith(".", detail, StringComparison.Ordinal); // a sentence
        return problem;
    }
}
