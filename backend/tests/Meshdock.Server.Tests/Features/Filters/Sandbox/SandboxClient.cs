using System.Net;
using System.Net.Http.Json;
using Meshdock.Server.Tests.Features.Filters;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters.Sandbox;

internal static class SandboxClient
{
    public static async Task<SandboxDto> StartSandboxAsync(this HttpClient api, object request)
    {
        using var response = await api.PostAsJsonAsync("/api/sandbox", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SandboxDto>(ApiClient.Json))!;
    }

    public static async Task StopSandboxAsync(this HttpClient api, string id)
    {
        using var response = await api.DeleteAsync($"/api/sandbox/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Image Hub's sign-up and log-in through the sandbox; returns the token.</summary>
    public static async Task<string> SignUpAndLogInAsync(HttpClient sandbox, string username, string plan)
    {
        using (var signup = await sandbox.PostAsJsonAsync("/signup", new { username, password = "secret", plan }))
        {
            Assert.Equal(HttpStatusCode.OK, signup.StatusCode); // Image Hub signs up (or overwrites) with a 200 and no body
        }

        using var auth = await sandbox.PostAsJsonAsync("/auth", new { username, password = "secret" });
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
        return (await auth.Content.ReadFromJsonAsync<TokenDto>(ApiClient.Json))!.Token;
    }

    public sealed record TokenDto(string Token);
}
