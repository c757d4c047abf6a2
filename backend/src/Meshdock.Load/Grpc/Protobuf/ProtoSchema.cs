namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>Field types with the numbers descriptor.proto gives them (FieldDescriptorProto.Type), so descriptors
/// read from server reflection map one to one.</summary>
internal enum ProtoType
{
    Double = 1, Float = 2, Int64 = 3, UInt64 = 4, Int32 = 5, Fixed64 = 6, Fixed32 = 7, Bool = 8, String = 9,
    Group = 10, Message = 11, Bytes = 12, UInt32 = 13, Enum = 14, SFixed32 = 15, SFixed64 = 16, SInt32 = 17, SInt64 = 18,
}

internal sealed class ProtoField
{
    public required string Name { get; init; }
    public required string JsonName { get; init; }
    public required int Number { get; init; }
    public ProtoType Type { get; set; }

    /// <summary>Full name (no leading dot) of the message or enum type, once resolved.</summary>
    public string? TypeName { get; set; }
    public bool Repeated { get; init; }
    public bool Packed { get; set; }

    /// <summary>Index into the message's oneofs; proto3 <c>optional</c> fields have their own synthetic oneof.</summary>
    public int? Oneof { get; init; }
    public ProtoMessage? Message { get; set; }
    public ProtoEnum? Enum { get; set; }
    public bool IsMap => Repeated && Message is { IsMapEntry: true };
}

internal sealed class ProtoMessage(string fullName)
{
    public string FullName { get; } = fullName;
    public List<ProtoField> Fields { get; } = [];
    public List<string> Oneofs { get; } = [];
    public bool IsMapEntry { get; set; }
}

internal sealed class ProtoEnum(string fullName)
{
    public string FullName { get; } = fullName;
    public Dictionary<string, int> Values { get; } = new(StringComparer.Ordinal);
}

internal sealed record ProtoMethod(string Service, string Name, string InputType, string OutputType, bool ClientStreaming, bool ServerStreaming)
{
    public string Path => $"{Service}/{Name}";
}

/// <summary>Every message, enum and method known from one source (a .proto file with the files it imports, or the
/// descriptors a server's reflection service sent).</summary>
internal sealed class ProtoSchema
{
    public Dictionary<string, ProtoMessage> Messages { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ProtoEnum> Enums { get; } = new(StringComparer.Ordinal);

    /// <summary>Files already read (imports are read once).</summary>
    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Files being read, the importing ones before those they import: an import of one of them is a cycle.</summary>
    public HashSet<string> Importing { get; } = new(StringComparer.Ordinal);

    /// <summary>Methods by <c>package.Service/Method</c>.</summary>
    public Dictionary<string, ProtoMethod> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>Links every message- or enum-typed field to its type; the names are already fully qualified.</summary>
    public string? Link()
    {
        foreach (var message in Messages.Values)
            foreach (var field in message.Fields)
            {
                if (field.TypeName is null)
                    continue;
                if (Messages.TryGetValue(field.TypeName, out var m))
                {
                    if (field.Type == ProtoType.Group)
                        return $"Field '{field.Name}' of {message.FullName} is a proto2 group, which is not supported.";
                    field.Type = ProtoType.Message;
                    field.Message = m;
                    field.Packed = false;
                }
                else if (Enums.TryGetValue(field.TypeName, out var e))
                {
                    field.Type = ProtoType.Enum;
                    field.Enum = e;
                }
                else
                    return $"Field '{field.Name}' of {message.FullName} has the type {field.TypeName}, which is not defined.";
            }
        foreach (var method in Methods.Values)
            foreach (var type in new[] { method.InputType, method.OutputType })
                if (!Messages.ContainsKey(type))
                    return $"The method {method.Path} uses the message {type}, which is not defined.";
        return null;
    }

    /// <summary>protoc's default JSON name: underscores dropped, the letter after each one upper-cased.</summary>
    public static string JsonNameOf(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
                upper = true;
            else
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
        }
        return builder.ToString();
    }

    public static bool IsPackable(ProtoType type) =>
        type is not (ProtoType.String or ProtoType.Bytes or ProtoType.Message or ProtoType.Group);
}
