using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>The one JSON shape of the API, the hub and stored payloads: camelCase, enums as lowercase strings.</summary>
public static class MeshdockJson
{
    public const int MaxDepth = 64;

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        // Request bodies are read with these options: nesting deeper than this is refused while reading, long before
        // the reader's recursion could matter (64 is also System.Text.Json's default; it is set here on purpose).
        options.MaxDepth = MaxDepth;
        return options;
    }
}
