using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator.Storage;

/// <summary>
/// Field selectors (<c>metadata.name=x,metadata.namespace!=y</c>). Besides the two fields every resource supports,
/// any dotted path to a string field works (<c>spec.nodeName</c>, <c>status.phase</c>, <c>involvedObject.name</c>).
/// </summary>
public sealed class FieldSelector
{
    private readonly List<Func<JsonObject, bool>> _requirements = [];

    public bool Matches(JsonObject obj) => _requirements.All(r => r(obj));

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (op, negate) = term.Contains("!=", StringComparison.Ordinal) ? ("!=", true)
                : term.Contains("==", StringComparison.Ordinal) ? ("==", false)
                : term.Contains('=', StringComparison.Ordinal) ? ("=", false)
                : throw KubeApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            var at = term.IndexOf(op, StringComparison.Ordinal);
            var path = term[..at].Trim().Split('.');
            var value = term[(at + op.Length)..].Trim();
            if (path.Any(p => p.Length == 0)) throw KubeApiException.BadRequest($"invalid selector: '{text}'");
            selector._requirements.Add(obj =>
            {
                var actual = obj.At(path) switch
                {
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    null => "",
                    var other => other.ToJsonString(),
                };
                return (actual == value) != negate;
            });
        }
        return selector;
    }
}
