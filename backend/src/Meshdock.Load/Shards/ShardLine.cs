using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meshdock.Load.Shards;

/// <summary>
/// What a generator that is one shard of a run writes to its standard output, one JSON object a line: an
/// <c>interval</c> line a second, then one <c>result</c> line with its whole result (histograms included).
/// Other lines (the runtime's own messages) are not the protocol's and are skipped by readers.
/// </summary>
public sealed record ShardLine
{
    public const string IntervalType = "interval";
    public const string ResultType = "result";

    public required string Type { get; init; }

    /// <summary>Which generator wrote the line (the Job's completion index).</summary>
    public int Shard { get; init; }

    public IntervalReport? Interval { get; init; }

    public LoadResult? Result { get; init; }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A hostile or broken line must not cost more than a real one does.
        MaxDepth = 32,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The line as the protocol's, or null when it is some other output.</summary>
    public static ShardLine? TryParse(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        try
        {
            var parsed = JsonSerializer.Deserialize<ShardLine>(line, Options);
            return parsed is { Type: IntervalType, Interval: not null } or { Type: ResultType, Result: not null } ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
