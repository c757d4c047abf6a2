using System.Globalization;
using System.Text;

namespace Meshdock.Load.Grpc.Protobuf;

internal enum ProtoTokenKind { Identifier, Integer, Float, String, Symbol, End }

internal readonly record struct ProtoToken(ProtoTokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(string symbolOrWord) => Kind is ProtoTokenKind.Symbol or ProtoTokenKind.Identifier && Text == symbolOrWord;

    public string Describe() => Kind switch
    {
        ProtoTokenKind.End => "the end of the file",
        ProtoTokenKind.String => $"the string \"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits .proto text into tokens as protoc's tokenizer does: identifiers, numbers, quoted strings with
/// escapes, single-character symbols; comments (<c>//</c> and <c>/* */</c>) and white space dropped.</summary>
internal static class ProtoTokenizer
{
    public static List<ProtoToken> Tokenize(string text, string fileName)
    {
        var tokens = new List<ProtoToken>();
        int i = 0, line = 1, lineStart = 0;
        while (true)
        {
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\n')
                {
                    i++;
                    line++;
                    lineStart = i;
                }
                else if (char.IsWhiteSpace(c))
                    i++;
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                    while (i < text.Length && text[i] != '\n')
                        i++;
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                        throw new ProtoParseException($"{fileName} line {line}: a /* comment is never closed.");
                    for (var k = i; k < end; k++)
                        if (text[k] == '\n')
                        {
                            line++;
                            lineStart = k + 1;
                        }
                    i = end + 2;
                }
                else
                    break;
            }
            if (i >= text.Length)
            {
                tokens.Add(new ProtoToken(ProtoTokenKind.End, "", line, i - lineStart + 1));
                return tokens;
            }
            var start = i;
            var column = i - lineStart + 1;
            var ch = text[i];
            if (char.IsAsciiLetter(ch) || ch == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(new ProtoToken(ProtoTokenKind.Identifier, text[start..i], line, column));
            }
            else if (char.IsAsciiDigit(ch) || (ch == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var isFloat = false;
                if (ch == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
                {
                    i += 2;
                    while (i < text.Length && char.IsAsciiHexDigit(text[i]))
                        i++;
                }
                else
                {
                    while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                        isFloat |= text[i++] == '.';
                    if (i < text.Length && text[i] is 'e' or 'E')
                    {
                        isFloat = true;
                        i++;
                        if (i < text.Length && text[i] is '+' or '-')
                            i++;
                        while (i < text.Length && char.IsAsciiDigit(text[i]))
                            i++;
                    }
                }
                if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
                    throw new ProtoParseException($"{fileName} line {line}: '{text[start..(i + 1)]}' is not a number.");
                tokens.Add(new ProtoToken(isFloat ? ProtoTokenKind.Float : ProtoTokenKind.Integer, text[start..i], line, column));
            }
            else if (ch is '"' or '\'')
            {
                tokens.Add(new ProtoToken(ProtoTokenKind.String, ReadString(text, ref i, fileName, line), line, column));
            }
            else if ("=;{}[]()<>,.-+:".Contains(ch, StringComparison.Ordinal))
            {
                i++;
                tokens.Add(new ProtoToken(ProtoTokenKind.Symbol, ch.ToString(), line, column));
            }
            else
                throw new ProtoParseException($"{fileName} line {line}: unexpected character '{ch}'.");
        }
    }

    private static string ReadString(string text, ref int i, string fileName, int line)
    {
        var quote = text[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
                throw new ProtoParseException($"{fileName} line {line}: a string is not closed on its line.");
            var c = text[i++];
            if (c == quote)
                return value.ToString();
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            if (i >= text.Length)
                throw new ProtoParseException($"{fileName} line {line}: a string ends in a backslash.");
            var e = text[i++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': value.Append(e); break;
                case 'x' or 'X':
                    var hex = 0;
                    var start = i;
                    while (i < text.Length && i - start < 2 && char.IsAsciiHexDigit(text[i]))
                        i++;
                    if (i == start || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out hex))
                        throw new ProtoParseException($"{fileName} line {line}: '\\x' must be followed by hex digits.");
                    value.Append((char)hex);
                    break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var n = 0; n < 2 && i < text.Length && text[i] is >= '0' and <= '7'; n++)
                        octal = octal * 8 + (text[i++] - '0');
                    value.Append((char)octal);
                    break;
                default:
                    throw new ProtoParseException($"{fileName} line {line}: the escape '\\{e}' is not valid in a string.");
            }
        }
    }
}

/// <summary>A .proto file that protoc would refuse, with a sentence naming the file, the line and the problem.</summary>
internal sealed class ProtoParseException(string message) : Exception(message);
