using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>The one JSON shape of the API, the hub and stored payloads: camelCase, enums as lowercase strings.</summary>
public static class MeshdockJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
