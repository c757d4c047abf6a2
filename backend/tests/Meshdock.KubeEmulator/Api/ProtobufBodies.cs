using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Reads the Kubernetes protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>) for the few kinds clients
/// send that way: Helm 4's typed client writes its release Secrets (and DeleteOptions) as protobuf. The body is
/// the <c>k8s\0</c> magic and a <c>runtime.Unknown</c> envelope around the object; fields are decoded with the
/// field numbers of k8s.io/api's generated.proto. Responses stay JSON, which clients accept.
/// </summary>
public static class ProtobufBodies
{
    private enum Wire { String, Bytes, Int, Bool, Time, Message, StringMap, BytesMap, StringList, MessageList }

    private sealed record Field(string Name, Wire Kind, Dictionary<int, Field>? Schema = null);

    private static readonly Dictionary<int, Field> OwnerReference = new()
    {
        [1] = new("kind", Wire.String), [3] = new("name", Wire.String), [4] = new("uid", Wire.String),
        [5] = new("apiVersion", Wire.String), [6] = new("controller", Wire.Bool), [7] = new("blockOwnerDeletion", Wire.Bool),
    };

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", Wire.String), [2] = new("generateName", Wire.String), [3] = new("namespace", Wire.String),
        [5] = new("uid", Wire.String), [6] = new("resourceVersion", Wire.String), [7] = new("generation", Wire.Int),
        [8] = new("creationTimestamp", Wire.Time), [9] = new("deletionTimestamp", Wire.Time),
        [11] = new("labels", Wire.StringMap), [12] = new("annotations", Wire.StringMap),
        [13] = new("ownerReferences", Wire.MessageList, OwnerReference), [14] = new("finalizers", Wire.StringList),
    };

    private static readonly Dictionary<string, Dictionary<int, Field>> Kinds = new(StringComparer.Ordinal)
    {
        ["Secret"] = new()
        {
            [1] = new("metadata", Wire.Message, ObjectMeta), [2] = new("data", Wire.BytesMap),
            [3] = new("type", Wire.String), [4] = new("stringData", Wire.StringMap), [5] = new("immutable", Wire.Bool),
        },
        ["ConfigMap"] = new()
        {
            [1] = new("metadata", Wire.Message, ObjectMeta), [2] = new("data", Wire.StringMap),
            [3] = new("binaryData", Wire.BytesMap), [4] = new("immutable", Wire.Bool),
        },
        ["Namespace"] = new() { [1] = new("metadata", Wire.Message, ObjectMeta) },
        ["DeleteOptions"] = new()
        {
            [1] = new("gracePeriodSeconds", Wire.Int),
            [2] = new("preconditions", Wire.Message, new() { [1] = new("uid", Wire.String), [2] = new("resourceVersion", Wire.String) }),
            [3] = new("orphanDependents", Wire.Bool), [4] = new("propagationPolicy", Wire.String), [5] = new("dryRun", Wire.StringList),
        },
    };

    public static bool IsProtobuf(string? contentType) =>
        contentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal) == true;

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || body[0] != (byte)'k' || body[1] != (byte)'8' || body[2] != (byte)'s' || body[3] != 0)
        {
            throw KubeApiException.BadRequest("the protobuf body does not start with the Kubernetes magic number");
        }
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (number, value) in Read(body.AsMemory(4)))
        {
            if (number == 1)
            {
                foreach (var (n, v) in Read(value.Bytes))
                {
                    if (n == 1) apiVersion = Encoding.UTF8.GetString(v.Bytes.Span);
                    if (n == 2) kind = Encoding.UTF8.GetString(v.Bytes.Span);
                }
            }
            else if (number == 2) raw = value.Bytes.ToArray();
        }
        if (kind is null || !Kinds.TryGetValue(kind, out var schema))
        {
            throw new KubeApiException(415, "UnsupportedMediaType", $"the emulator reads protobuf only for {string.Join(", ", Kinds.Keys)}, not \"{kind}\"; send JSON instead");
        }
        var obj = Message(raw ?? [], schema);
        if (apiVersion is { Length: > 0 }) obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Message(ReadOnlyMemory<byte> bytes, Dictionary<int, Field> schema)
    {
        var obj = new JsonObject();
        foreach (var (number, value) in Read(bytes))
        {
            if (!schema.TryGetValue(number, out var field)) continue;
            switch (field.Kind)
            {
                // Go's protobuf writes empty strings and zero times; JSON omits them, and so does this.
                case Wire.String when value.Bytes.Length == 0: break;
                case Wire.String: obj[field.Name] = Encoding.UTF8.GetString(value.Bytes.Span); break;
                case Wire.Bytes: obj[field.Name] = Convert.ToBase64String(value.Bytes.Span); break;
                case Wire.Int: obj[field.Name] = (long)value.Varint; break;
                case Wire.Bool: obj[field.Name] = value.Varint != 0; break;
                case Wire.Message: obj[field.Name] = Message(value.Bytes, field.Schema!); break;
                case Wire.Time:
                    long seconds = 0;
                    foreach (var (n, v) in Read(value.Bytes)) if (n == 1) seconds = (long)v.Varint;
                    if (seconds == 0) break;
                    obj[field.Name] = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    break;
                case Wire.StringMap or Wire.BytesMap:
                    var map = obj[field.Name] as JsonObject ?? [];
                    string key = "", text = "";
                    foreach (var (n, v) in Read(value.Bytes))
                    {
                        if (n == 1) key = Encoding.UTF8.GetString(v.Bytes.Span);
                        if (n == 2) text = field.Kind == Wire.BytesMap ? Convert.ToBase64String(v.Bytes.Span) : Encoding.UTF8.GetString(v.Bytes.Span);
                    }
                    map[key] = text;
                    obj[field.Name] = map;
                    break;
                case Wire.StringList:
                    (obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray())).Add(Encoding.UTF8.GetString(value.Bytes.Span));
                    break;
                case Wire.MessageList:
                    (obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray())).Add(Message(value.Bytes, field.Schema!));
                    break;
            }
        }
        return obj;
    }

    private readonly record struct Value(ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static List<(int Number, Value Value)> Read(ReadOnlyMemory<byte> memory)
    {
        var fields = new List<(int, Value)>();
        var span = memory.Span;
        var position = 0;
        ulong Varint(ReadOnlySpan<byte> s)
        {
            ulong result = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (position >= s.Length || shift > 63) throw KubeApiException.BadRequest("the protobuf body is truncated");
                var b = s[position++];
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0) return result;
            }
        }
        while (position < span.Length)
        {
            var tag = Varint(span);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    fields.Add((number, new Value(Varint(span), default)));
                    break;
                case 2:
                    var length = (int)Varint(span);
                    if (position + length > span.Length) throw KubeApiException.BadRequest("the protobuf body is truncated");
                    fields.Add((number, new Value(0, memory.Slice(position, length))));
                    position += length;
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw KubeApiException.BadRequest("the protobuf body has an unknown wire type");
            }
        }
        return fields;
    }
}
