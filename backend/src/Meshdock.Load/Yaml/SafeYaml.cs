using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Meshdock.Load.Yaml;

/// <summary>
/// The one way Meshdock reads YAML that came from a user: YamlDotNet's parser (an event stream, no recursion) wrapped
/// so that nesting deeper than <see cref="MaxDepth"/> and alias expansion beyond <see cref="MaxAliases"/> references
/// or <see cref="MaxAliasNodes"/> expanded nodes are refused while reading, before any recursive loader (YamlStream,
/// a Deserializer) sees the document. Depth counts what a loader would walk: an alias adds the depth of the node it
/// names at the point where it is used.
/// </summary>
public static class SafeYaml
{
    public const int MaxDepth = 64;
    public const int MaxAliases = 1_000;
    public const long MaxAliasNodes = 100_000;

    /// <summary>A parser over <paramref name="text"/> that throws <see cref="YamlLimitException"/> once a limit is passed.</summary>
    public static IParser Open(string text)
    {
        CheckFlowDepth(text);
        return new LimitingParser(new Parser(new StringReader(text)));
    }

    /// <summary>Reads the whole text through the limits; for loaders that take a string rather than a parser.</summary>
    /// <exception cref="YamlLimitException">A limit is passed.</exception>
    /// <exception cref="YamlException">The text is not YAML (as far as it was read).</exception>
    public static void Check(string text)
    {
        var parser = Open(text);
        while (parser.MoveNext())
        {
        }
    }

    /// <summary>
    /// Refuses deep flow nesting (<c>[[[…</c>, <c>{{{…</c>) before YamlDotNet's scanner sees it: the scanner looks up
    /// to 1,024 characters ahead for a possible implicit key at every open bracket and checks each pending one per
    /// character, which makes 65 levels cost a few hundred milliseconds. Brackets in quoted scalars and comments do
    /// not count; a stray quote in a plain scalar can only make this count less, and the parser still checks.
    /// </summary>
    private static void CheckFlowDepth(string text)
    {
        var depth = 0;
        var line = 1;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }

            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++; // an escape in a double-quoted scalar
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '#' when i == 0 || char.IsWhiteSpace(text[i - 1]):
                    var end = text.IndexOf('\n', i);
                    i = end < 0 ? text.Length : end - 1;
                    break;
                case '[' or '{':
                    if (++depth > MaxDepth)
                    {
                        throw new YamlLimitException(line,
                            $"The YAML is nested more than {MaxDepth} levels deep (line {line}); no document Meshdock reads needs that many.");
                    }

                    break;
                case ']' or '}' when depth > 0:
                    depth--;
                    break;
            }
        }
    }

    private sealed class LimitingParser(IParser inner) : IParser
    {
        // The open collections, innermost last: their anchor, and the weight (nodes, aliases expanded) and height seen so far.
        private readonly List<Frame> _open = [];
        private readonly Dictionary<string, (long Weight, int Height)> _anchors = new(StringComparer.Ordinal);
        private int _aliases;
        private long _aliasNodes;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case DocumentStart:
                    _anchors.Clear(); // anchors are scoped to their document
                    break;
                case SequenceStart or MappingStart:
                    if (_open.Count + 1 > MaxDepth)
                    {
                        throw new YamlLimitException(inner.Current.Start.Line,
                            $"The YAML is nested more than {MaxDepth} levels deep (line {inner.Current.Start.Line}); no document Meshdock reads needs that many.");
                    }

                    _open.Add(new Frame(((NodeEvent)inner.Current).Anchor));
                    break;
                case SequenceEnd or MappingEnd when _open.Count > 0:
                    var closed = _open[^1];
                    _open.RemoveAt(_open.Count - 1);
                    Completed(closed.Anchor, closed.Weight + 1, closed.Height + 1);
                    break;
                case AnchorAlias alias:
                    Alias(alias);
                    break;
                case Scalar scalar:
                    Completed(scalar.Anchor, 1, 0);
                    break;
            }

            return true;
        }

        private void Alias(AnchorAlias alias)
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return; // the loader reports the unknown anchor in its own words
            }

            if (++_aliases > MaxAliases)
            {
                throw new YamlLimitException(alias.Start.Line,
                    $"The YAML uses more than {MaxAliases} aliases (*name); write the values out instead of referring to anchors.");
            }

            _aliasNodes += target.Weight;
            if (_aliasNodes > MaxAliasNodes)
            {
                throw new YamlLimitException(alias.Start.Line,
                    $"The YAML's aliases expand to more than {MaxAliasNodes:N0} nodes (line {alias.Start.Line}); this looks like an alias bomb, so it is not read.");
            }

            if (_open.Count + target.Height > MaxDepth)
            {
                throw new YamlLimitException(alias.Start.Line,
                    $"The YAML is nested more than {MaxDepth} levels deep once its aliases are expanded (line {alias.Start.Line}).");
            }

            Completed(AnchorName.Empty, target.Weight, target.Height);
        }

        private void Completed(AnchorName anchor, long weight, int height)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (weight, height);
            }

            if (_open.Count > 0)
            {
                var parent = _open[^1];
                parent.Weight += weight;
                parent.Height = Math.Max(parent.Height, height);
            }
        }

        private sealed class Frame(AnchorName anchor)
        {
            public AnchorName Anchor { get; } = anchor;

            public long Weight { get; set; }

            public int Height { get; set; }
        }
    }
}

/// <summary>YAML refused by <see cref="SafeYaml"/>: the message is a sentence for the user.</summary>
public sealed class YamlLimitException(long line, string sentence) : Exception(sentence)
{
    /// <summary>The line (from 1) where the limit was passed.</summary>
    public long Line { get; } = line;
}
