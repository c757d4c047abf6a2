using Google.Protobuf.Reflection;

namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>Builds a <see cref="ProtoSchema"/> from compiled descriptors (FileDescriptorProto), as server
/// reflection sends them.</summary>
internal static class DescriptorSchema
{
    public static ProtoSchema FromFiles(IEnumerable<FileDescriptorProto> files)
    {
        var schema = new ProtoSchema();
        foreach (var file in files)
        {
            if (!schema.Files.Add(file.Name))
                continue;
            // proto3 and editions pack repeated numbers unless told otherwise; proto2 packs only when told.
            var packedByDefault = file.Syntax is "proto3" or "editions";
            foreach (var message in file.MessageType)
                AddMessage(schema, file.Package, message, packedByDefault);
            foreach (var protoEnum in file.EnumType)
                AddEnum(schema, file.Package, protoEnum);
            foreach (var service in file.Service)
            {
                var serviceName = Qualify(file.Package, service.Name);
                foreach (var method in service.Method)
                {
                    var entry = new ProtoMethod(serviceName, method.Name, method.InputType.TrimStart('.'), method.OutputType.TrimStart('.'),
                        method.ClientStreaming, method.ServerStreaming);
                    schema.Methods[entry.Path] = entry;
                }
            }
        }
        if (schema.Link() is { } problem)
            throw new ProtoParseException($"The server's descriptors are incomplete: {problem}");
        return schema;
    }

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    private static void AddMessage(ProtoSchema schema, string scope, DescriptorProto message, bool packedByDefault)
    {
        var fullName = Qualify(scope, message.Name);
        var result = new ProtoMessage(fullName) { IsMapEntry = message.Options?.MapEntry == true };
        result.Oneofs.AddRange(message.OneofDecl.Select(o => o.Name));
        foreach (var field in message.Field)
        {
            var type = (ProtoType)(int)field.Type;
            var repeated = field.Label == FieldDescriptorProto.Types.Label.Repeated;
            var packable = repeated && ProtoSchema.IsPackable(type);
            result.Fields.Add(new ProtoField
            {
                Name = field.Name,
                JsonName = field.HasJsonName ? field.JsonName : ProtoSchema.JsonNameOf(field.Name),
                Number = field.Number,
                Type = type,
                TypeName = field.HasTypeName ? field.TypeName.TrimStart('.') : null,
                Repeated = repeated,
                Packed = packable && (field.Options is { HasPacked: true } options ? options.Packed : packedByDefault),
                Oneof = field.HasOneofIndex ? field.OneofIndex : null,
            });
        }
        schema.Messages[fullName] = result;
        foreach (var nested in message.NestedType)
            AddMessage(schema, fullName, nested, packedByDefault);
        foreach (var protoEnum in message.EnumType)
            AddEnum(schema, fullName, protoEnum);
    }

    private static void AddEnum(ProtoSchema schema, string scope, EnumDescriptorProto protoEnum)
    {
        var result = new ProtoEnum(Qualify(scope, protoEnum.Name));
        foreach (var value in protoEnum.Value)
            result.Values.TryAdd(value.Name, value.Number);
        schema.Enums[result.FullName] = result;
    }
}
