using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>
/// Encodes a request given in proto3's JSON form into protobuf wire bytes: fields by JSON name or proto name,
/// scalars (64-bit numbers also as strings, floats also as "NaN"/"Infinity"), enums by name or number, nested
/// messages, repeated fields (packed where the field is), maps, bytes as base64, oneofs and the well-known types'
/// JSON forms. Anything the proto3 JSON mapping would reject is refused with a sentence naming the field.
/// </summary>
internal static partial class ProtoJsonEncoder
{
    private const long MaxDurationSeconds = 315_576_000_000;

    public static byte[] Encode(ProtoMessage type, JsonElement json)
    {
        var writer = new ProtoWriter();
        WriteMessage(writer, type, json, "");
        return writer.Written.ToArray();
    }

    private static string Name(string path) => path.Length == 0 ? "The request" : $"The field '{path}'";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static ProtoJsonException Error(string message) => new(message);

    private static void WriteMessage(ProtoWriter writer, ProtoMessage type, JsonElement json, string path)
    {
        if (WriteWellKnown(writer, type, json, path))
            return;
        if (json.ValueKind != JsonValueKind.Object)
            throw Error($"{Name(path)} is the message {type.FullName} and must be a JSON object, not {Kind(json)}.");
        var seen = new Dictionary<int, string>();
        var oneofs = new Dictionary<int, string>();
        foreach (var property in json.EnumerateObject())
        {
            var field = type.Fields.Find(f => f.JsonName == property.Name) ?? type.Fields.Find(f => f.Name == property.Name);
            var fieldPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (field is null)
            {
                var known = type.Fields.Count == 0 ? "it has no fields" : "its fields are " + string.Join(", ", type.Fields.Select(f => f.JsonName));
                throw Error($"{Name(path)} is the message {type.FullName}, which has no field '{property.Name}'; {known}.");
            }
            if (!seen.TryAdd(field.Number, property.Name))
                throw Error($"{Name(fieldPath)} is given twice (as '{seen[field.Number]}' and '{property.Name}').");
            if (property.Value.ValueKind == JsonValueKind.Null && !AcceptsNull(field))
                continue;
            if (field.Oneof is { } oneof)
            {
                if (oneofs.TryGetValue(oneof, out var other))
                    throw Error($"The fields '{other}' and '{property.Name}' are both in oneof '{type.Oneofs[oneof]}' of {type.FullName}; set only one.");
                oneofs[oneof] = property.Name;
            }
            WriteField(writer, field, property.Value, fieldPath);
        }
    }

    private static bool AcceptsNull(ProtoField field) =>
        !field.Repeated && (field.Message?.FullName == WellKnownTypes.Value || field.Enum?.FullName == WellKnownTypes.NullValue);

    private static void WriteField(ProtoWriter writer, ProtoField field, JsonElement value, string path)
    {
        if (field.IsMap)
        {
            WriteMap(writer, field, value, path);
            return;
        }
        if (!field.Repeated)
        {
            WriteSingle(writer, field, value, path);
            return;
        }
        if (value.ValueKind != JsonValueKind.Array)
            throw Error($"{Name(path)} is repeated and must be a JSON array, not {Kind(value)}.");
        if (field.Packed)
        {
            var run = new ProtoWriter();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                if (item.ValueKind == JsonValueKind.Null)
                    throw Error($"{Name(itemPath)} is null; a repeated field cannot hold null.");
                WriteScalar(run, field, item, itemPath);
            }
            if (index == 0)
                return;
            writer.Tag(field.Number, ProtoWriter.LengthDelimited);
            writer.WriteLengthDelimited(run.Written);
            return;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind == JsonValueKind.Null && field.Message?.FullName != WellKnownTypes.Value)
                throw Error($"{Name(itemPath)} is null; a repeated field cannot hold null.");
            WriteSingle(writer, field, item, itemPath);
        }
    }

    private static void WriteMap(ProtoWriter writer, ProtoField field, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error($"{Name(path)} is a map and must be a JSON object, not {Kind(value)}.");
        var keyField = field.Message!.Fields.Single(f => f.Number == 1);
        var valueField = field.Message.Fields.Single(f => f.Number == 2);
        foreach (var property in value.EnumerateObject())
        {
            var entryPath = $"{path}[\"{property.Name}\"]";
            var entry = new ProtoWriter();
            entry.Tag(1, ProtoWriter.WireType(keyField.Type));
            WriteMapKey(entry, keyField.Type, property.Name, entryPath);
            if (property.Value.ValueKind == JsonValueKind.Null && !AcceptsNull(valueField))
                throw Error($"{Name(entryPath)} is null; a map value cannot be null.");
            WriteSingle(entry, valueField, property.Value, entryPath);
            writer.Tag(field.Number, ProtoWriter.LengthDelimited);
            writer.WriteLengthDelimited(entry.Written);
        }
    }

    private static void WriteMapKey(ProtoWriter writer, ProtoType type, string key, string path)
    {
        if (type == ProtoType.String)
        {
            writer.WriteLengthDelimited(Encoding.UTF8.GetBytes(key));
            return;
        }
        if (type == ProtoType.Bool)
        {
            if (key is not ("true" or "false"))
                throw Error($"{Name(path)} has a bool key, which must be \"true\" or \"false\", not \"{key}\".");
            writer.WriteVarint(key == "true" ? 1UL : 0UL);
            return;
        }
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(key));
        WriteScalarValue(writer, type, null, document.RootElement, path);
    }

    private static void WriteSingle(ProtoWriter writer, ProtoField field, JsonElement value, string path)
    {
        if (field.Type == ProtoType.Message)
        {
            var nested = new ProtoWriter();
            WriteMessage(nested, field.Message!, value, path);
            writer.Tag(field.Number, ProtoWriter.LengthDelimited);
            writer.WriteLengthDelimited(nested.Written);
            return;
        }
        writer.Tag(field.Number, ProtoWriter.WireType(field.Type));
        WriteScalar(writer, field, value, path);
    }

    private static void WriteScalar(ProtoWriter writer, ProtoField field, JsonElement value, string path) =>
        WriteScalarValue(writer, field.Type, field.Enum, value, path);

    private static void WriteScalarValue(ProtoWriter writer, ProtoType type, ProtoEnum? protoEnum, JsonElement value, string path)
    {
        switch (type)
        {
            case ProtoType.Int32:
                writer.WriteVarint((ulong)Integer(value, int.MinValue, int.MaxValue, "int32", path));
                break;
            case ProtoType.SInt32:
                writer.WriteVarint(ProtoWriter.ZigZag(Integer(value, int.MinValue, int.MaxValue, "sint32", path)));
                break;
            case ProtoType.SFixed32:
                writer.WriteFixed32((uint)(int)Integer(value, int.MinValue, int.MaxValue, "sfixed32", path));
                break;
            case ProtoType.UInt32:
                writer.WriteVarint((ulong)Integer(value, 0, uint.MaxValue, "uint32", path));
                break;
            case ProtoType.Fixed32:
                writer.WriteFixed32((uint)Integer(value, 0, uint.MaxValue, "fixed32", path));
                break;
            case ProtoType.Int64:
                writer.WriteVarint((ulong)Integer(value, long.MinValue, long.MaxValue, "int64", path));
                break;
            case ProtoType.SInt64:
                writer.WriteVarint(ProtoWriter.ZigZag(Integer(value, long.MinValue, long.MaxValue, "sint64", path)));
                break;
            case ProtoType.SFixed64:
                writer.WriteFixed64((ulong)Integer(value, long.MinValue, long.MaxValue, "sfixed64", path));
                break;
            case ProtoType.UInt64:
                writer.WriteVarint(Unsigned(value, "uint64", path));
                break;
            case ProtoType.Fixed64:
                writer.WriteFixed64(Unsigned(value, "fixed64", path));
                break;
            case ProtoType.Double:
                writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(Floating(value, "double", path)));
                break;
            case ProtoType.Float:
                var single = Floating(value, "float", path);
                if (double.IsFinite(single) && Math.Abs(single) > float.MaxValue)
                    throw Error($"{Name(path)} is a float and {value.GetRawText()} is beyond its range (±{float.MaxValue:R}).");
                writer.WriteFixed32(BitConverter.SingleToUInt32Bits((float)single));
                break;
            case ProtoType.Bool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw Error($"{Name(path)} is a bool and must be true or false, not {Kind(value)}.");
                writer.WriteVarint(value.ValueKind == JsonValueKind.True ? 1UL : 0UL);
                break;
            case ProtoType.String:
                if (value.ValueKind != JsonValueKind.String)
                    throw Error($"{Name(path)} is a string and must be a JSON string, not {Kind(value)}.");
                writer.WriteLengthDelimited(Encoding.UTF8.GetBytes(value.GetString()!));
                break;
            case ProtoType.Bytes:
                writer.WriteLengthDelimited(Base64(value, path));
                break;
            case ProtoType.Enum:
                writer.WriteVarint((ulong)EnumNumber(protoEnum!, value, path));
                break;
            default:
                throw Error($"{Name(path)} has the type {type}, which cannot be encoded.");
        }
    }

    private static long Integer(JsonElement value, long min, long max, string typeName, string path)
    {
        long result;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out result) || (value.TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue && (result = (long)d) == result),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result),
            _ => throw Error($"{Name(path)} is an {typeName} and must be a whole number (or a string holding one), not {Kind(value)}."),
        };
        if (!ok)
            throw Error($"{Name(path)} is an {typeName} and {Kind(value)} is not a whole number in its range.");
        if (result < min || result > max)
            throw Error($"{Name(path)} is an {typeName} and {result} is outside its range ({min} to {max}).");
        return result;
    }

    private static ulong Unsigned(JsonElement value, string typeName, string path)
    {
        ulong result;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt64(out result) || (value.TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= 0 && d <= ulong.MaxValue && (result = (ulong)d) == result),
            JsonValueKind.String => ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out result),
            _ => throw Error($"{Name(path)} is a {typeName} and must be a whole number (or a string holding one), not {Kind(value)}."),
        };
        if (!ok)
            throw Error($"{Name(path)} is a {typeName} and {Kind(value)} is not a whole number from 0 to {ulong.MaxValue}.");
        return result;
    }

    private static double Floating(JsonElement value, string typeName, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
            return number;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
                return number;
        }
        throw Error($"{Name(path)} is a {typeName} and must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), not {Kind(value)}.");
    }

    private static byte[] Base64(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            // proto3 JSON accepts standard and URL-safe base64, with or without padding.
            var text = value.GetString()!.Replace('-', '+').Replace('_', '/');
            if (text.Length % 4 != 0)
                text = text.PadRight(text.Length + 4 - text.Length % 4, '=');
            var bytes = new byte[text.Length / 4 * 3];
            if (Convert.TryFromBase64String(text, bytes, out var written))
                return bytes[..written];
        }
        throw Error($"{Name(path)} is bytes and must be a base64 string, not {Kind(value)}.");
    }

    private static int EnumNumber(ProtoEnum protoEnum, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null && protoEnum.FullName == WellKnownTypes.NullValue)
            return 0;
        if (value.ValueKind == JsonValueKind.String)
        {
            if (protoEnum.Values.TryGetValue(value.GetString()!, out var number))
                return number;
            var names = string.Join(", ", protoEnum.Values.Keys.Take(12)) + (protoEnum.Values.Count > 12 ? ", …" : "");
            throw Error($"{Name(path)} is the enum {protoEnum.FullName}, which has no value \"{value.GetString()}\"; its values are {names}.");
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
            return n;
        throw Error($"{Name(path)} is the enum {protoEnum.FullName} and must be a value's name or a 32-bit number, not {Kind(value)}.");
    }

    private static bool WriteWellKnown(ProtoWriter writer, ProtoMessage type, JsonElement json, string path)
    {
        switch (type.FullName)
        {
            case WellKnownTypes.Timestamp:
                var (seconds, nanos) = Timestamp(json, path);
                WriteSecondsAndNanos(writer, seconds, nanos);
                return true;
            case WellKnownTypes.Duration:
                (seconds, nanos) = Duration(json, path);
                WriteSecondsAndNanos(writer, seconds, nanos);
                return true;
            case WellKnownTypes.FieldMask:
                if (json.ValueKind != JsonValueKind.String)
                    throw Error($"{Name(path)} is a google.protobuf.FieldMask and must be a string of comma-separated paths, not {Kind(json)}.");
                foreach (var mask in json.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    writer.Tag(1, ProtoWriter.LengthDelimited);
                    writer.WriteLengthDelimited(Encoding.UTF8.GetBytes(SnakeCase(mask)));
                }
                return true;
            case WellKnownTypes.Struct:
                if (json.ValueKind != JsonValueKind.Object)
                    throw Error($"{Name(path)} is a google.protobuf.Struct and must be a JSON object, not {Kind(json)}.");
                WriteField(writer, type.Fields[0], json, path);
                return true;
            case WellKnownTypes.ListValue:
                if (json.ValueKind != JsonValueKind.Array)
                    throw Error($"{Name(path)} is a google.protobuf.ListValue and must be a JSON array, not {Kind(json)}.");
                WriteField(writer, type.Fields[0], json, path);
                return true;
            case WellKnownTypes.Value:
                var number = json.ValueKind switch
                {
                    JsonValueKind.Null => 1,
                    JsonValueKind.Number => 2,
                    JsonValueKind.String => 3,
                    JsonValueKind.True or JsonValueKind.False => 4,
                    JsonValueKind.Object => 5,
                    _ => 6,
                };
                WriteSingle(writer, type.Fields.Single(f => f.Number == number), json, path);
                return true;
            case WellKnownTypes.Any:
                throw Error($"{Name(path)} is a google.protobuf.Any, which request JSON cannot give here: its \"@type\" would need a type registry.");
        }
        if (!WellKnownTypes.Wrappers.Contains(type.FullName))
            return false;
        WriteSingle(writer, type.Fields[0], json, path);
        return true;
    }

    private static void WriteSecondsAndNanos(ProtoWriter writer, long seconds, int nanos)
    {
        if (seconds != 0)
        {
            writer.Tag(1, ProtoWriter.Varint);
            writer.WriteVarint((ulong)seconds);
        }
        if (nanos != 0)
        {
            writer.Tag(2, ProtoWriter.Varint);
            writer.WriteVarint((ulong)(long)nanos);
        }
    }

    private static (long Seconds, int Nanos) Timestamp(JsonElement json, string path)
    {
        var match = json.ValueKind == JsonValueKind.String ? TimestampPattern().Match(json.GetString()!) : Match.Empty;
        if (!match.Success || !DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            throw Error($"{Name(path)} is a google.protobuf.Timestamp and must be an RFC 3339 string like \"2026-12-05T10:00:00Z\", not {Kind(json)}.");
        var seconds = new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeSeconds();
        if (match.Groups[3].Value is var offset and not "Z")
            seconds -= (offset[0] == '-' ? -1 : 1) * (int.Parse(offset.AsSpan(1, 2), CultureInfo.InvariantCulture) * 3600 + int.Parse(offset.AsSpan(4, 2), CultureInfo.InvariantCulture) * 60);
        return (seconds, Nanos(match.Groups[2].Value));
    }

    private static (long Seconds, int Nanos) Duration(JsonElement json, string path)
    {
        var match = json.ValueKind == JsonValueKind.String ? DurationPattern().Match(json.GetString()!) : Match.Empty;
        if (!match.Success || !long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxDurationSeconds)
            throw Error($"{Name(path)} is a google.protobuf.Duration and must be a string of seconds like \"1.5s\" (at most {MaxDurationSeconds} s), not {Kind(json)}.");
        var nanos = Nanos(match.Groups[3].Value);
        return match.Groups[1].Value == "-" ? (-seconds, -nanos) : (seconds, nanos);
    }

    private static int Nanos(string fraction) =>
        fraction.Length == 0 ? 0 : int.Parse(fraction[1..].PadRight(9, '0'), CultureInfo.InvariantCulture);

    private static string SnakeCase(string camel)
    {
        var builder = new StringBuilder();
        foreach (var c in camel)
            if (char.IsAsciiLetterUpper(c))
                builder.Append('_').Append(char.ToLowerInvariant(c));
            else
                builder.Append(c);
        return builder.ToString();
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^(-?)(\d+)(\.\d{1,9})?s$")]
    private static partial Regex DurationPattern();
}

/// <summary>Request JSON that does not fit the method's request message, with a sentence naming the field.</summary>
internal sealed class ProtoJsonException(string message) : Exception(message);
