using System.Text.Json.Nodes;
using Google.Protobuf;
using Meshdock.Load.Smp;
using Proto = global::Smp;

namespace Meshdock.Load.Tests.Smp;

/// <summary>
/// An SMP file parsed by the classes generated from SMP's own protos, with protojson's rules (unknown fields and
/// unknown enum names are errors), as Meshery reads SMP.
/// </summary>
internal sealed record StrictSmp(
    Proto.PerformanceTestConfig Config,
    Proto.PerformanceTestResult? Result,
    Proto.EnvironmentConfig? Environment,
    Proto.ServiceMeshConfig? Mesh)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>The JSON export: one object whose keys name the messages, in SMP's order.</summary>
    public static StrictSmp FromJson(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var keys = root.Select(p => p.Key).ToList();
        string[] order = ["performance_test_config", "performance_test_result", "environment_config", "service_mesh_config"];
        Assert.Equal(order.Where(keys.Contains), keys);
        return new StrictSmp(
            Parser.Parse<Proto.PerformanceTestConfig>(root["performance_test_config"]!.ToJsonString()),
            Optional<Proto.PerformanceTestResult>(root["performance_test_result"]),
            Optional<Proto.EnvironmentConfig>(root["environment_config"]),
            Optional<Proto.ServiceMeshConfig>(root["service_mesh_config"]));
    }

    /// <summary>The YAML export: one document per message (config, result, then environment and mesh when known),
    /// each converted to JSON and parsed as the message its position says.</summary>
    public static StrictSmp FromYaml(string yaml, bool hasEnvironment, bool hasMesh)
    {
        var documents = YamlJson.Parse(yaml).Select(d => d!.ToJsonString()).ToList();
        var expected = 2 + (hasEnvironment ? 1 : 0) + (hasMesh ? 1 : 0);
        Assert.Equal(expected, documents.Count);
        return new StrictSmp(
            Parser.Parse<Proto.PerformanceTestConfig>(documents[0]),
            Parser.Parse<Proto.PerformanceTestResult>(documents[1]),
            hasEnvironment ? Parser.Parse<Proto.EnvironmentConfig>(documents[2]) : null,
            hasMesh ? Parser.Parse<Proto.ServiceMeshConfig>(documents[^1]) : null);
    }

    private static T? Optional<T>(JsonNode? node) where T : class, IMessage, new() =>
        node is null ? null : Parser.Parse<T>(node.ToJsonString());
}
