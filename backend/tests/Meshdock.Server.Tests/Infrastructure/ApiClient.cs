using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Meshdock.Server.Tests.Infrastructure;

public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<string> StartSelftestAsync(this HttpClient api, int steps, int stepMillis, string? target = null)
    {
        using var response = await api.PostAsJsonAsync("/api/operations/selftest", new { steps, stepMillis, target });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedDto>(Json);
        Assert.Equal($"/api/operations/{accepted!.Id}", response.Headers.Location?.OriginalString);
        return accepted.Id;
    }

    /// <summary>
    /// An action without parameters, sent as the panel sends it: the JSON body <c>{}</c> (standalone mode takes
    /// state-changing requests only with a non-form content type).
    /// </summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient api, HttpMethod method, string url) =>
        api.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(new { }) });

    public static Task<HttpResponseMessage> PostActionAsync(this HttpClient api, string url) => api.ActAsync(HttpMethod.Post, url);

    public static Task<HttpResponseMessage> DeleteActionAsync(this HttpClient api, string url) => api.ActAsync(HttpMethod.Delete, url);

    public static async Task<string> GetSessionTokenAsync(this HttpClient api) =>
        (await api.GetFromJsonAsync<SessionDto>("/api/session", Json))!.Token;

    public static async Task<OperationDto> GetOperationAsync(this HttpClient api, string id) =>
        (await api.GetFromJsonAsync<OperationDto>($"/api/operations/{id}", Json))!;

    /// <summary>Polls the events endpoint the way the panel's fallback does, until the final status event.</summary>
    public static async Task<List<EventDto>> PollEventsUntilFinalAsync(this HttpClient api, string id, TimeSpan timeout)
    {
        var events = new List<EventDto>();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var after = events.Count == 0 ? 0 : events[^1].Seq;
            var page = (await api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after={after}", Json, deadline.Token))!;
            events.AddRange(page.Events);
            if (events.Count > 0 && events[^1].Kind == "status" && FinalStatuses.IsFinal(events[^1].Status))
            {
                return events;
            }

            if (page.Events.Count == 0)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    public static async Task<OperationDto> WaitForFinalAsync(this HttpClient api, string id, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var operation = await api.GetOperationAsync(id);
            if (FinalStatuses.IsFinal(operation.Status))
            {
                return operation;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Asserts seq runs 1..n without gap or repeat.</summary>
    public static void AssertContiguousFromOne(IReadOnlyList<EventDto> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(events[i].Seq == i + 1, $"Event #{i + 1} has seq {events[i].Seq} (expected {i + 1}).");
        }
    }
}
