using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;

namespace Meshdock.KubeEmulator.Storage;

/// <summary>Label selectors in both forms: the query-string syntax (<c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>)
/// and the <c>matchLabels</c>/<c>matchExpressions</c> objects of workload specs.</summary>
public sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    public bool Matches(JsonNode? obj) => IsEmpty || Matches(obj.LabelMap());

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var term in SplitTerms(text))
        {
            selector._requirements.Add(ParseTerm(term.Trim(), text));
        }
        return selector;
    }

    /// <summary>Splits on commas that are not inside a set's parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term, string whole)
    {
        if (term.Length == 0) throw Bad(whole);
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var set = term[(at + op.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')')) throw Bad(whole);
                var values = set[1..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
            }
        }
        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var value = term[(at + op.Length)..].Trim();
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || v != value
                    : labels => labels.TryGetValue(key, out var v) && v == value;
            }
        }
        if (term.IndexOfAny([' ', '(', ')', '=', '!']) >= 0) throw Bad(whole);
        return labels => labels.ContainsKey(term);
    }

    private static KubeApiException Bad(string whole) =>
        KubeApiException.BadRequest($"unable to parse requirement: found '{whole}', expected: label selector syntax (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)");

    /// <summary>A workload's <c>spec.selector</c>. An absent or empty selector matches nothing, as controllers treat it.</summary>
    public static LabelSelector FromSpec(JsonNode? selector)
    {
        var result = new LabelSelector();
        if (selector is not JsonObject obj)
        {
            result._requirements.Add(_ => false);
            return result;
        }
        if (obj["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                var expected = value?.GetValue<string>();
                result._requirements.Add(labels => labels.TryGetValue(key, out var v) && v == expected);
            }
        }
        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions)
            {
                var key = e.Str("key") ?? "";
                var values = (e.At("values") as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToHashSet() ?? [];
                result._requirements.Add(e.Str("operator") switch
                {
                    "In" => labels => labels.TryGetValue(key, out var v) && values.Contains(v),
                    "NotIn" => labels => !labels.TryGetValue(key, out var v) || !values.Contains(v),
                    "Exists" => labels => labels.ContainsKey(key),
                    "DoesNotExist" => labels => !labels.ContainsKey(key),
                    _ => _ => false,
                });
            }
        }
        if (result._requirements.Count == 0) result._requirements.Add(_ => false);
        return result;
    }
}
