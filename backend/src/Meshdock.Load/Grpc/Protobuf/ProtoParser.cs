using System.Globalization;

namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>
/// A strict parser for proto3 .proto files: syntax, package, imports (of given files and the well-known types), options (read and
/// checked for form; json_name and packed are honoured), messages with nested messages and enums, oneofs, proto3
/// <c>optional</c>, maps, reserved numbers and names, enums and services. What protoc would refuse is refused with
/// a sentence naming the line; proto2, editions and extensions are refused as not supported.
/// </summary>
internal sealed class ProtoParser
{
    private const int MaxFieldNumber = 536_870_911;

    // Nesting is parsed recursively; a bound keeps a hostile file from exhausting the stack (protoc allows 100 too).
    private const int MaxNesting = 100;

    private static readonly Dictionary<string, ProtoType> Scalars = new(StringComparer.Ordinal)
    {
        ["double"] = ProtoType.Double, ["float"] = ProtoType.Float, ["int64"] = ProtoType.Int64, ["uint64"] = ProtoType.UInt64,
        ["int32"] = ProtoType.Int32, ["fixed64"] = ProtoType.Fixed64, ["fixed32"] = ProtoType.Fixed32, ["bool"] = ProtoType.Bool,
        ["string"] = ProtoType.String, ["bytes"] = ProtoType.Bytes, ["uint32"] = ProtoType.UInt32, ["sfixed32"] = ProtoType.SFixed32,
        ["sfixed64"] = ProtoType.SFixed64, ["sint32"] = ProtoType.SInt32, ["sint64"] = ProtoType.SInt64,
    };

    private readonly List<ProtoToken> _tokens;
    private readonly string _file;
    private readonly ProtoSchema _schema;
    private readonly List<(ProtoField Field, string Scope, string Name, int Line)> _references = [];
    private readonly List<(ProtoMethod Method, string Scope, string Input, string Output, int Line)> _methods = [];
    private int _position;
    private int _nesting;
    private string _package = "";

    private ProtoParser(string text, string file, ProtoSchema schema)
    {
        _file = file;
        _tokens = ProtoTokenizer.Tokenize(text, file);
        _schema = schema;
    }

    /// <summary>Parses <paramref name="text"/> into a new schema, with the files it imports: those of
    /// <paramref name="imports"/> (by import path) and the well-known types.</summary>
    /// <exception cref="ProtoParseException">What protoc would refuse, or what this parser does not support.</exception>
    public static ProtoSchema Parse(string text, string file = "the .proto file", IReadOnlyDictionary<string, string>? imports = null)
    {
        var schema = new ProtoSchema();
        schema.Importing.Add(file);
        ParseInto(schema, text, file, resolveImport: name => imports?.GetValueOrDefault(name) ?? WellKnownTypes.Source(name));
        if (schema.Link() is { } problem)
            throw new ProtoParseException($"{file}: {problem}");
        return schema;
    }

    internal static void ParseInto(ProtoSchema schema, string text, string file, Func<string, string?> resolveImport)
    {
        var parser = new ProtoParser(text, file, schema);
        parser.ParseFile(resolveImport);
        parser.ResolveReferences();
    }

    private ProtoToken Current => _tokens[_position];

    private ProtoParseException Error(string message, ProtoToken? at = null) =>
        new($"{_file} line {(at ?? Current).Line}: {message}");

    private ProtoToken Next() => _tokens[_position == _tokens.Count - 1 ? _position : _position++];

    private bool Accept(string text)
    {
        if (!Current.Is(text))
            return false;
        _position++;
        return true;
    }

    private void Expect(string text, string context)
    {
        if (!Accept(text))
            throw Error($"expected '{text}' {context}, found {Current.Describe()}.");
    }

    private string Identifier(string what)
    {
        if (Current.Kind != ProtoTokenKind.Identifier)
            throw Error($"expected {what}, found {Current.Describe()}.");
        return Next().Text;
    }

    private string DottedName(string what)
    {
        var leading = Accept(".") ? "." : "";
        var name = Identifier(what);
        while (Current.Is(".") && _tokens[_position + 1].Kind == ProtoTokenKind.Identifier)
        {
            _position++;
            name += "." + Next().Text;
        }
        return leading + name;
    }

    private string StringLiteral(string what)
    {
        if (Current.Kind != ProtoTokenKind.String)
            throw Error($"expected {what} in quotes, found {Current.Describe()}.");
        var value = Next().Text;
        while (Current.Kind == ProtoTokenKind.String)
            value += Next().Text;
        return value;
    }

    private long Integer(string what, bool allowSign = false)
    {
        var negative = allowSign && Accept("-");
        var token = Current;
        if (token.Kind != ProtoTokenKind.Integer)
            throw Error($"expected {what} (a whole number), found {token.Describe()}.");
        _position++;
        var text = token.Text;
        ulong value;
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : text.Length > 1 && text[0] == '0' ? TryOctal(text, out value) : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value > long.MaxValue)
            throw Error($"{what} {text} is not a valid number.", token);
        return negative ? -(long)value : (long)value;
    }

    private static bool TryOctal(string text, out ulong value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7' || value > ulong.MaxValue / 8)
                return false;
            value = value * 8 + (ulong)(c - '0');
        }
        return true;
    }

    private void ParseFile(Func<string, string?> resolveImport)
    {
        if (Current.Is("edition"))
            throw Error("protobuf editions are not supported; write the file in proto3 (syntax = \"proto3\";).");
        if (!Accept("syntax"))
            throw Error("the file does not start with syntax = \"proto3\"; (without it protoc reads proto2, which is not supported).");
        Expect("=", "after 'syntax'");
        var syntax = StringLiteral("the syntax");
        if (syntax != "proto3")
            throw Error($"the syntax is \"{syntax}\"; only \"proto3\" is supported.");
        Expect(";", "after the syntax");
        var packageSeen = false;
        while (Current.Kind != ProtoTokenKind.End)
        {
            var token = Current;
            if (Accept(";"))
                continue;
            if (Accept("import"))
            {
                if (!Accept("public"))
                    Accept("weak");
                var name = StringLiteral("the imported file's name");
                Expect(";", "after the import");
                var source = resolveImport(name)
                    ?? throw Error($"the file imports \"{name}\", which is neither among the files given with it nor a well-known type (google/protobuf/*.proto, except descriptor.proto); add that file under the path \"{name}\".", token);
                if (_schema.Importing.Contains(name))
                    throw Error($"the file imports \"{name}\", which is being read and so imports this file back; protoc refuses import cycles.", token);
                if (_schema.Files.Add(name))
                {
                    _schema.Importing.Add(name);
                    ParseInto(_schema, source, name, resolveImport);
                    _schema.Importing.Remove(name);
                }
            }
            else if (Accept("package"))
            {
                if (packageSeen)
                    throw Error("a second 'package' statement; a file has one package.", token);
                packageSeen = true;
                _package = DottedName("the package name");
                if (_package.StartsWith('.'))
                    throw Error("the package name cannot start with '.'.", token);
                Expect(";", "after the package name");
            }
            else if (Accept("option"))
                ParseOptionStatement();
            else if (Accept("message"))
                ParseMessage(_package);
            else if (Accept("enum"))
                ParseEnum(_package);
            else if (Accept("service"))
                ParseService();
            else if (token.Is("extend"))
                throw Error("'extend' (extensions and custom options) is not supported.");
            else
                throw Error($"expected import, package, option, message, enum or service, found {token.Describe()}.");
        }
    }

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    private void Declare(string fullName, ProtoToken at)
    {
        if (_schema.Messages.ContainsKey(fullName) || _schema.Enums.ContainsKey(fullName))
            throw Error($"{fullName} is defined twice.", at);
    }

    private void ParseOptionStatement()
    {
        var (name, value) = ParseOption();
        Expect(";", $"after the option {name}");
        _ = value;
    }

    /// <summary>An option's name and, for simple constants, its value; aggregate values are checked for balance only.</summary>
    private (string Name, ProtoToken Value) ParseOption()
    {
        string name;
        if (Accept("("))
        {
            name = "(" + DottedName("the custom option's name") + ")";
            Expect(")", "after the custom option's name");
        }
        else
            name = Identifier("an option name");
        while (Accept("."))
            name += "." + Identifier("an option name");
        Expect("=", $"after the option {name}");
        return (name, ParseConstant(name));
    }

    private ProtoToken ParseConstant(string option)
    {
        var token = Current;
        if (Accept("{"))
        {
            var depth = 1;
            while (depth > 0)
            {
                if (Current.Kind == ProtoTokenKind.End)
                    throw Error($"the value of the option {option} is missing its closing '}}'.", token);
                if (Current.Is("{"))
                    depth++;
                else if (Current.Is("}"))
                    depth--;
                _position++;
            }
            return token;
        }
        if (Current.Is("-") || Current.Is("+"))
        {
            var sign = Next();
            if (Current.Kind is not (ProtoTokenKind.Integer or ProtoTokenKind.Float) && !Current.Is("inf") && !Current.Is("nan"))
                throw Error($"expected a number after '{sign.Text}' in the option {option}.");
            var number = Next();
            return number with { Text = sign.Text == "-" ? "-" + number.Text : number.Text };
        }
        if (Current.Kind == ProtoTokenKind.String)
        {
            var text = StringLiteral("a value");
            return token with { Text = text };
        }
        if (Current.Kind is ProtoTokenKind.Integer or ProtoTokenKind.Float)
            return Next();
        if (Current.Kind == ProtoTokenKind.Identifier)
        {
            var text = DottedName("a value");
            return token with { Text = text };
        }
        throw Error($"expected a value for the option {option}, found {Current.Describe()}.");
    }

    private void ParseMessage(string scope)
    {
        if (++_nesting > MaxNesting)
            throw Error($"messages are nested more than {MaxNesting} deep.");
        ParseMessageBody(scope);
        _nesting--;
    }

    private void ParseMessageBody(string scope)
    {
        var nameToken = Current;
        var name = Identifier("the message's name");
        var fullName = Qualify(scope, name);
        Declare(fullName, nameToken);
        var message = new ProtoMessage(fullName);
        _schema.Messages[fullName] = message;
        Expect("{", $"after 'message {name}'");
        var reservedNumbers = new List<(long From, long To)>();
        var reservedNames = new HashSet<string>(StringComparer.Ordinal);
        while (!Accept("}"))
        {
            var token = Current;
            if (token.Kind == ProtoTokenKind.End)
                throw Error($"message {name} is not closed with '}}'.", nameToken);
            if (Accept(";"))
                continue;
            if (Accept("message"))
                ParseMessage(fullName);
            else if (Accept("enum"))
                ParseEnum(fullName);
            else if (Accept("option"))
                ParseOptionStatement();
            else if (Accept("reserved"))
                ParseReserved(reservedNumbers, reservedNames, $"message {name}", MaxFieldNumber);
            else if (Accept("oneof"))
                ParseOneof(message);
            else if (token.Is("extensions") || token.Is("extend"))
                throw Error($"'{token.Text}' is proto2 and not supported in proto3.");
            else if (token.Is("required") || token.Is("group"))
                throw Error($"'{token.Text}' is proto2 and not allowed in proto3.");
            else if (Accept("map"))
                ParseMap(message);
            else
            {
                var repeated = Accept("repeated");
                var optional = !repeated && Accept("optional");
                ParseField(message, repeated, optional ? AddSyntheticOneof(message) : null);
            }
        }
        CheckFields(message, reservedNumbers, reservedNames, nameToken);
    }

    private static int AddSyntheticOneof(ProtoMessage message)
    {
        // protoc names a proto3 optional field's oneof after the field; the name is settled once the field is read.
        message.Oneofs.Add("");
        return message.Oneofs.Count - 1;
    }

    private void ParseOneof(ProtoMessage message)
    {
        var nameToken = Current;
        var name = Identifier("the oneof's name");
        message.Oneofs.Add(name);
        var index = message.Oneofs.Count - 1;
        Expect("{", $"after 'oneof {name}'");
        var count = 0;
        while (!Accept("}"))
        {
            var token = Current;
            if (token.Kind == ProtoTokenKind.End)
                throw Error($"oneof {name} is not closed with '}}'.", nameToken);
            if (Accept(";"))
                continue;
            if (Accept("option"))
            {
                ParseOptionStatement();
                continue;
            }
            if (token.Is("repeated") || token.Is("optional") || token.Is("map"))
                throw Error($"a field of oneof {name} cannot be '{token.Text}'.");
            ParseField(message, repeated: false, index);
            count++;
        }
        if (count == 0)
            throw Error($"oneof {name} has no fields.", nameToken);
    }

    private void ParseField(ProtoMessage message, bool repeated, int? oneof)
    {
        var typeToken = Current;
        var typeName = DottedName("a field type");
        var scalar = Scalars.TryGetValue(typeName, out var scalarType);
        var nameToken = Current;
        var name = Identifier($"the name of the field after '{typeName}'");
        Expect("=", $"after the field name '{name}'");
        var number = FieldNumber(name);
        var field = new ProtoField
        {
            Name = name,
            JsonName = ProtoSchema.JsonNameOf(name),
            Number = number,
            Type = scalar ? scalarType : ProtoType.Message,
            Repeated = repeated,
            // Repeated enums are packed too; a named type found to be a message is unpacked when linked.
            Packed = repeated && (!scalar || ProtoSchema.IsPackable(scalarType)),
            Oneof = oneof,
        };
        var jsonName = ParseFieldOptions(field, nameToken);
        var withJsonName = jsonName is null ? field : Copy(field, jsonName);
        Expect(";", $"after the field '{name}'");
        if (oneof is { } o && message.Oneofs[o].Length == 0)
            message.Oneofs[o] = "_" + name;
        message.Fields.Add(withJsonName);
        if (!scalar)
            _references.Add((withJsonName, message.FullName, typeName, typeToken.Line));
    }

    private static ProtoField Copy(ProtoField field, string jsonName) => new()
    {
        Name = field.Name, JsonName = jsonName, Number = field.Number, Type = field.Type, Repeated = field.Repeated,
        Packed = field.Packed, Oneof = field.Oneof,
    };

    private int FieldNumber(string name)
    {
        var token = Current;
        var number = Integer($"the number of field '{name}'");
        if (number is < 1 or > MaxFieldNumber)
            throw Error($"field '{name}' has the number {number}; field numbers are 1 to {MaxFieldNumber:N0}.", token);
        if (number is >= 19_000 and <= 19_999)
            throw Error($"field '{name}' has the number {number}; 19000 to 19999 are reserved for the protobuf implementation.", token);
        return (int)number;
    }

    /// <summary>Reads <c>[ … ]</c> after a field: packed is applied, json_name returned, others checked for form.</summary>
    private string? ParseFieldOptions(ProtoField field, ProtoToken at)
    {
        string? jsonName = null;
        if (!Accept("["))
            return null;
        do
        {
            var (name, value) = ParseOption();
            switch (name)
            {
                case "packed":
                    if (!value.Is("true") && !value.Is("false"))
                        throw Error($"the option packed of field '{field.Name}' must be true or false.", value);
                    if (!field.Repeated || field.Type is ProtoType.String or ProtoType.Bytes)
                        throw Error($"[packed] can only be set on a repeated field of numbers, bools or enums; '{field.Name}' is not one.", at);
                    field.Packed = value.Is("true");
                    break;
                case "json_name":
                    if (value.Kind != ProtoTokenKind.String)
                        throw Error($"json_name of field '{field.Name}' must be a string.", value);
                    jsonName = value.Text;
                    break;
                case "default":
                    throw Error($"field '{field.Name}' sets a default value; explicit defaults are not allowed in proto3.", at);
            }
        }
        while (Accept(","));
        Expect("]", $"after the options of field '{field.Name}'");
        return jsonName;
    }

    private void ParseMap(ProtoMessage message)
    {
        var token = Current;
        Expect("<", "after 'map'");
        var keyToken = Current;
        var key = Identifier("the map's key type");
        if (!Scalars.TryGetValue(key, out var keyType) || keyType is ProtoType.Double or ProtoType.Float or ProtoType.Bytes)
            throw Error($"a map key cannot be '{key}'; keys are integers, bool or string.", keyToken);
        Expect(",", "after the map's key type");
        var valueToken = Current;
        var valueName = DottedName("the map's value type");
        if (valueName == "map")
            throw Error("a map's value cannot be another map; wrap it in a message.", valueToken);
        Expect(">", "after the map's value type");
        var name = Identifier("the map field's name");
        Expect("=", $"after the field name '{name}'");
        var number = FieldNumber(name);
        var entryName = string.Concat(ProtoSchema.JsonNameOf("_" + name), "Entry");
        var entry = new ProtoMessage(Qualify(message.FullName, entryName)) { IsMapEntry = true };
        Declare(entry.FullName, token);
        entry.Fields.Add(new ProtoField { Name = "key", JsonName = "key", Number = 1, Type = keyType });
        var scalarValue = Scalars.TryGetValue(valueName, out var valueType);
        var valueField = new ProtoField { Name = "value", JsonName = "value", Number = 2, Type = scalarValue ? valueType : ProtoType.Message };
        entry.Fields.Add(valueField);
        if (!scalarValue)
            _references.Add((valueField, message.FullName, valueName, valueToken.Line));
        _schema.Messages[entry.FullName] = entry;
        var field = new ProtoField
        {
            Name = name, JsonName = ProtoSchema.JsonNameOf(name), Number = number, Type = ProtoType.Message,
            TypeName = entry.FullName, Repeated = true,
        };
        var jsonName = ParseFieldOptions(field, token);
        Expect(";", $"after the map field '{name}'");
        var added = jsonName is null ? field : Copy(field, jsonName);
        added.TypeName = entry.FullName;
        message.Fields.Add(added);
    }

    private void ParseReserved(List<(long From, long To)> numbers, HashSet<string> names, string owner, long max)
    {
        do
        {
            if (Current.Kind == ProtoTokenKind.String)
                names.Add(StringLiteral("a reserved name"));
            else
            {
                var from = Integer($"a reserved number of {owner}", allowSign: max != MaxFieldNumber);
                var to = from;
                if (Accept("to"))
                    to = Accept("max") ? max : Integer($"the end of a reserved range of {owner}", allowSign: max != MaxFieldNumber);
                if (to < from)
                    throw Error($"the reserved range {from} to {to} of {owner} is empty.");
                numbers.Add((from, to));
            }
        }
        while (Accept(","));
        Expect(";", $"after the reserved numbers or names of {owner}");
    }

    private void CheckFields(ProtoMessage message, List<(long From, long To)> reservedNumbers, HashSet<string> reservedNames, ProtoToken at)
    {
        var numbers = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var jsonNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in message.Fields)
        {
            if (!numbers.Add(field.Number))
                throw Error($"message {message.FullName} uses the field number {field.Number} twice.", at);
            if (!names.Add(field.Name))
                throw Error($"message {message.FullName} has two fields named '{field.Name}'.", at);
            if (reservedNames.Contains(field.Name))
                throw Error($"field '{field.Name}' of {message.FullName} uses a reserved name.", at);
            if (reservedNumbers.Any(r => field.Number >= r.From && field.Number <= r.To))
                throw Error($"field '{field.Name}' of {message.FullName} uses the reserved number {field.Number}.", at);
            if (jsonNames.TryGetValue(field.JsonName, out var other))
                throw Error($"fields '{other}' and '{field.Name}' of {message.FullName} have the same JSON name '{field.JsonName}'.", at);
            jsonNames[field.JsonName] = field.Name;
        }
    }

    private void ParseEnum(string scope)
    {
        var nameToken = Current;
        var name = Identifier("the enum's name");
        var fullName = Qualify(scope, name);
        Declare(fullName, nameToken);
        var protoEnum = new ProtoEnum(fullName);
        _schema.Enums[fullName] = protoEnum;
        Expect("{", $"after 'enum {name}'");
        var allowAlias = false;
        var numbers = new HashSet<int>();
        var reservedNumbers = new List<(long From, long To)>();
        var reservedNames = new HashSet<string>(StringComparer.Ordinal);
        while (!Accept("}"))
        {
            var token = Current;
            if (token.Kind == ProtoTokenKind.End)
                throw Error($"enum {name} is not closed with '}}'.", nameToken);
            if (Accept(";"))
                continue;
            if (Accept("option"))
            {
                var (option, value) = ParseOption();
                Expect(";", $"after the option {option}");
                if (option == "allow_alias")
                    allowAlias = value.Is("true");
                continue;
            }
            if (Accept("reserved"))
            {
                ParseReserved(reservedNumbers, reservedNames, $"enum {name}", int.MaxValue);
                continue;
            }
            var valueName = Identifier($"a value of enum {name}");
            Expect("=", $"after the enum value '{valueName}'");
            var numberToken = Current;
            var number = Integer($"the number of '{valueName}'", allowSign: true);
            if (number is < int.MinValue or > int.MaxValue)
                throw Error($"the enum value '{valueName}' = {number} is outside 32 bits.", numberToken);
            if (protoEnum.Values.Count == 0 && number != 0)
                throw Error($"the first value of enum {name} is '{valueName}' = {number}; in proto3 the first enum value must be 0.", numberToken);
            if (Accept("["))
            {
                do
                    ParseOption();
                while (Accept(","));
                Expect("]", $"after the options of '{valueName}'");
            }
            Expect(";", $"after the enum value '{valueName}'");
            if (!protoEnum.Values.TryAdd(valueName, (int)number))
                throw Error($"enum {name} defines '{valueName}' twice.", token);
            if (!numbers.Add((int)number) && !allowAlias)
                throw Error($"enum {name} gives the number {number} to two values; set option allow_alias = true; if that is meant.", token);
            if (reservedNames.Contains(valueName) || reservedNumbers.Any(r => number >= r.From && number <= r.To))
                throw Error($"the enum value '{valueName}' = {number} of {name} is reserved.", token);
        }
        if (protoEnum.Values.Count == 0)
            throw Error($"enum {name} has no values; proto3 enums need at least the zero value.", nameToken);
    }

    private void ParseService()
    {
        var nameToken = Current;
        var name = Identifier("the service's name");
        var fullName = Qualify(_package, name);
        Expect("{", $"after 'service {name}'");
        while (!Accept("}"))
        {
            var token = Current;
            if (token.Kind == ProtoTokenKind.End)
                throw Error($"service {name} is not closed with '}}'.", nameToken);
            if (Accept(";"))
                continue;
            if (Accept("option"))
            {
                ParseOptionStatement();
                continue;
            }
            if (!Accept("rpc"))
                throw Error($"expected 'rpc' or 'option' in service {name}, found {token.Describe()}.");
            var method = Identifier("the method's name");
            Expect("(", $"after 'rpc {method}'");
            var clientStreaming = Current.Is("stream") && _tokens[_position + 1].Kind == ProtoTokenKind.Identifier && Accept("stream");
            var input = DottedName("the request message type");
            Expect(")", $"after the request type of {method}");
            Expect("returns", $"after the request type of {method}");
            Expect("(", $"after 'returns' in {method}");
            var serverStreaming = Current.Is("stream") && _tokens[_position + 1].Kind == ProtoTokenKind.Identifier && Accept("stream");
            var output = DottedName("the response message type");
            Expect(")", $"after the response type of {method}");
            if (Accept("{"))
            {
                while (!Accept("}"))
                {
                    if (Accept(";"))
                        continue;
                    if (!Accept("option"))
                        throw Error($"expected 'option' in the body of rpc {method}, found {Current.Describe()}.");
                    ParseOptionStatement();
                }
            }
            else
                Expect(";", $"after rpc {method}");
            var entry = new ProtoMethod(fullName, method, input, output, clientStreaming, serverStreaming);
            if (_schema.Methods.ContainsKey(entry.Path))
                throw Error($"service {name} defines the method {method} twice.", token);
            _schema.Methods[entry.Path] = entry;
            _methods.Add((entry, _package, input, output, token.Line));
        }
    }

    private void ResolveReferences()
    {
        foreach (var (field, scope, name, line) in _references)
            field.TypeName = Resolve(scope, name)
                ?? throw new ProtoParseException($"{_file} line {line}: the type '{name}' of field '{field.Name}' is not defined (or not imported).");
        foreach (var (method, scope, input, output, line) in _methods)
        {
            var inputName = Resolve(scope, input) is { } i && _schema.Messages.ContainsKey(i)
                ? i : throw new ProtoParseException($"{_file} line {line}: the request type '{input}' of {method.Name} is not a message defined here.");
            var outputName = Resolve(scope, output) is { } o && _schema.Messages.ContainsKey(o)
                ? o : throw new ProtoParseException($"{_file} line {line}: the response type '{output}' of {method.Name} is not a message defined here.");
            _schema.Methods[method.Path] = method with { InputType = inputName, OutputType = outputName };
        }
    }

    // Names resolve from the innermost scope outwards, as in C++: a.b.M looks for M in a.b.M, a.b, a, then the root.
    private string? Resolve(string scope, string name)
    {
        if (name.StartsWith('.'))
            return Exists(name[1..]) ? name[1..] : null;
        var current = scope;
        while (true)
        {
            var candidate = Qualify(current, name);
            if (Exists(candidate))
                return candidate;
            if (current.Length == 0)
                return null;
            var dot = current.LastIndexOf('.');
            current = dot < 0 ? "" : current[..dot];
        }
    }

    private bool Exists(string fullName) => _schema.Messages.ContainsKey(fullName) || _schema.Enums.ContainsKey(fullName);
}
