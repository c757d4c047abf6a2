using System.Text.Json;
using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>Writes JSON bodies the way the API server does (compact, <c>application/json</c>).</summary>
public static class ApiResponses
{
    public static async Task WriteJsonAsync(this HttpResponse response, int status, JsonNode body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(ct);
    }

    public static Task WriteStatusAsync(this HttpResponse response, KubeApiException error, CancellationToken ct) =>
        response.WriteJsonAsync(error.Code, error.ToStatus(), ct);
}
