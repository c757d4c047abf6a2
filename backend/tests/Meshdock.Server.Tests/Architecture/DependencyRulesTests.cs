using System.Reflection;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Tests.Architecture;

/// <summary>
/// The server's floor plan, checked on the compiled assembly: Platform, then Operations, then Kubernetes, then the
/// features; a part uses only parts below it or itself. A feature uses another feature only through an interface
/// that feature owns (and the types that interface speaks in), and no two folders use each other, directly or round
/// a longer loop. docs/architecture.md explains the parts.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Server = typeof(OperationService).Assembly;
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Edges = TypeDependencies.Read(Server.Location);
    private static readonly string[] Layers = ["Platform", "Operations", "Kubernetes", "Features"];

    [Fact]
    public void The_reader_sees_dependencies_through_signatures_and_method_bodies()
    {
        // OperationService takes an OperationStore in its constructor and creates InsertOperation requests in its bodies
        // only: if these are not seen, the rules below would pass on an empty graph.
        var used = Edges[typeof(OperationService).FullName!];
        Assert.Contains(typeof(OperationStore).FullName!, used);
        Assert.Contains(typeof(InsertOperation).FullName!, used);
        Assert.All(Layers, layer => Assert.Contains(Edges.Keys, k => Part(k) is { } p && p.Layer == layer));
    }

    [Fact]
    public void No_part_uses_a_part_above_it()
    {
        var violations = Dependencies()
            .Where(d => Array.IndexOf(Layers, d.To.Layer) > Array.IndexOf(Layers, d.From.Layer))
            .Select(d => $"{d.FromType} ({d.From.Folder}) uses {d.ToType} ({d.To.Folder})")
            .ToList();
        Assert.True(violations.Count == 0, "Platform < Operations < Kubernetes < Features; these go upward:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void A_feature_uses_another_only_through_an_interface_that_feature_owns()
    {
        var published = Published();
        var crossings = Dependencies()
            .Where(d => d.From.Layer == "Features" && d.To.Layer == "Features" && d.From.Folder != d.To.Folder && !published.Contains(d.ToType))
            .Select(d => $"{Short(d.FromType)} -> {Short(d.ToType)}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(crossings.Count == 0, "Features meet only through an interface the used feature owns; these do not:\n" + string.Join("\n", crossings));
    }

    private static string Short(string typeName) => typeName["Meshdock.Server.".Length..];

    [Fact]
    public void No_two_folders_depend_on_each_other()
    {
        var folders = Dependencies().Where(d => d.From.Folder != d.To.Folder).ToList();
        var graph = folders.GroupBy(d => d.From.Folder).ToDictionary(g => g.Key, g => g.Select(d => d.To.Folder).ToHashSet());
        var cycles = new List<string>();
        foreach (var edge in folders.DistinctBy(d => (d.From.Folder, d.To.Folder)))
        {
            // An edge lies on a cycle when its target reaches its source again.
            if (Reaches(graph, edge.To.Folder, edge.From.Folder))
            {
                var example = folders.First(d => d.From.Folder == edge.From.Folder && d.To.Folder == edge.To.Folder);
                cycles.Add($"{edge.From.Folder} -> {edge.To.Folder} ({example.FromType} uses {example.ToType}) and back");
            }
        }

        Assert.True(cycles.Count == 0, "Folders in a cycle:\n" + string.Join("\n", cycles));
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var folder))
        {
            if (folder == to)
            {
                return true;
            }

            foreach (var next in graph.GetValueOrDefault(folder) ?? [])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return false;
    }

    private static IEnumerable<Dependency> Dependencies() =>
        from edge in Edges
        let source = Part(edge.Key)
        where source is not null
        from target in edge.Value
        let used = Part(target)
        where used is not null
        select new Dependency(edge.Key, source, target, used);

    /// <summary>
    /// The part and folder a type's namespace puts it in: a feature with its sub-folders is one folder; Platform and
    /// Kubernetes are made of folders; types outside Meshdock.Server's parts (Program, generated code) are not checked.
    /// </summary>
    private static Place? Part(string typeName)
    {
        var segments = typeName.Split('.');
        if (segments.Length < 4 || segments[0] != "Meshdock" || segments[1] != "Server" || !Layers.Contains(segments[2]))
        {
            return null;
        }

        var layer = segments[2];
        var folder = layer == "Operations" || segments.Length == 4 ? layer : $"{layer}/{segments[3]}";
        return new Place(layer, folder);
    }

    /// <summary>A feature's interfaces and the types their members take and return: what other features may use.</summary>
    private static HashSet<string> Published()
    {
        var published = new HashSet<string>();
        foreach (var contract in Server.GetTypes().Where(t => t.IsInterface && Part(t.FullName!)?.Layer == "Features"))
        {
            published.Add(contract.FullName!);
            foreach (var method in contract.GetMethods())
            {
                foreach (var type in method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType))
                {
                    AddWithArguments(type, published);
                }
            }
        }

        return published;
    }

    private static void AddWithArguments(Type type, HashSet<string> into)
    {
        if (type.HasElementType)
        {
            AddWithArguments(type.GetElementType()!, into);
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            AddWithArguments(argument, into);
        }

        if (!type.IsGenericParameter && type.Assembly == Server && type.FullName is { } name)
        {
            into.Add(name);
        }
    }

    private sealed record Place(string Layer, string Folder);

    private sealed record Dependency(string FromType, Place From, string ToType, Place To);
}
