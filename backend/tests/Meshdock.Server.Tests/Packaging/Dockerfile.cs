using System.Text;

namespace Meshdock.Server.Tests.Packaging;

/// <summary>
/// Just enough of a Dockerfile reader for the packaging rules: instructions with their continuation lines joined,
/// and LABEL key/value pairs unquoted the way BuildKit's shell lexer does for the quoting we use.
/// </summary>
internal sealed record Dockerfile(IReadOnlyList<(string Keyword, string Arguments)> Instructions)
{
    public static Dockerfile Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            var joined = current.ToString().Trim();
            current.Clear();
            var space = joined.IndexOf(' ');
            instructions.Add(space < 0 ? (joined.ToUpperInvariant(), "") : (joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }

    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>The instructions of the last stage: what the shipped image is made of.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage =>
        Instructions.Skip(Instructions.Select((i, n) => (i, n)).Last(x => x.i.Keyword == "FROM").n).ToList();

    /// <summary>The final stage's labels, with <c>${ARG}</c> replaced by the default of that stage's ARG, as a build
    /// without --build-arg makes them (Docker substitutes in double quotes only; single-quoted text stays as written).</summary>
    public Dictionary<string, string> Labels()
    {
        var defaults = FinalStage.Where(i => i.Keyword == "ARG").Select(i => i.Arguments.Split('=', 2))
            .Where(parts => parts.Length == 2).ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var args in FinalStage.Where(i => i.Keyword == "LABEL").Select(i => i.Arguments))
        {
            foreach (var word in Words(args))
            {
                var eq = word.IndexOf('=');
                if (eq > 0)
                {
                    labels[word[..eq]] = defaults.Aggregate(word[(eq + 1)..], (value, arg) => value.Replace($"${{{arg.Key}}}", arg.Value, StringComparison.Ordinal));
                }
            }
        }

        return labels;
    }

    /// <summary>Splits on unquoted white space, removing single and double quotes (no escapes inside single ones).</summary>
    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        char quote = '\0';
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (quote == '"' && c == '\\' && i + 1 < text.Length)
                {
                    word.Append(text[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    yield return word.ToString();
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            yield return word.ToString();
        }
    }
}
