using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Meshdock.Server.Tests.Architecture;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled metadata: signatures (fields,
/// methods, base types, interfaces, locals) and every token in the method bodies. Compiler-generated nested types
/// (lambdas, async state machines) count as their outermost declaring type, the one written in a file.
/// </summary>
internal sealed class TypeDependencies
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;
    private readonly Collector _collector = new();

    private TypeDependencies(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
    }

    /// <summary>Edges from a type's full name to the full names of the assembly's own types it uses (itself excluded).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = new TypeDependencies(pe);
        return reader.ReadAll();
    }

    private Dictionary<string, IReadOnlySet<string>> ReadAll()
    {
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var handle in _reader.TypeDefinitions)
        {
            var owner = Name(Outermost(handle));
            if (!edges.TryGetValue(owner, out var used))
            {
                edges[owner] = used = [];
            }

            foreach (var target in UsedBy(handle))
            {
                var name = Name(Outermost(target));
                if (name != owner)
                {
                    used.Add(name);
                }
            }
        }

        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value);
    }

    private List<TypeDefinitionHandle> UsedBy(TypeDefinitionHandle handle)
    {
        var found = new List<TypeDefinitionHandle>();
        var type = _reader.GetTypeDefinition(handle);
        AddType(type.BaseType, found);
        foreach (var i in type.GetInterfaceImplementations())
        {
            AddType(_reader.GetInterfaceImplementation(i).Interface, found);
        }

        foreach (var f in type.GetFields())
        {
            found.AddRange(_reader.GetFieldDefinition(f).DecodeSignature(_collector, this));
        }

        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            var signature = method.DecodeSignature(_collector, this);
            found.AddRange(signature.ReturnType);
            found.AddRange(signature.ParameterTypes.SelectMany(p => p));
            if (method.RelativeVirtualAddress != 0)
            {
                ReadBody(_pe.GetMethodBody(method.RelativeVirtualAddress), found);
            }
        }

        foreach (var p in type.GetProperties())
        {
            var signature = _reader.GetPropertyDefinition(p).DecodeSignature(_collector, this);
            found.AddRange(signature.ReturnType);
        }

        return found;
    }

    private void ReadBody(MethodBodyBlock body, List<TypeDefinitionHandle> found)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, this))
            {
                found.AddRange(local);
            }
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            switch (Operands[code])
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    AddToken(il.ReadInt32(), found);
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    il.Offset += 4;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
            }
        }
    }

    private void AddToken(int token, List<TypeDefinitionHandle> found)
    {
        var handle = MetadataTokens.EntityHandle(token);
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                AddType(handle, found);
                break;
            case HandleKind.MethodDefinition:
                found.Add(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                found.Add(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                AddType(_reader.GetMemberReference((MemberReferenceHandle)handle).Parent, found);
                break;
            case HandleKind.MethodSpecification:
                var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddToken(MetadataTokens.GetToken(spec.Method), found);
                foreach (var argument in spec.DecodeSignature(_collector, this))
                {
                    found.AddRange(argument);
                }

                break;
        }
    }

    private void AddType(EntityHandle handle, List<TypeDefinitionHandle> found)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                found.AddRange(_reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, this));
                break;
        }
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (_reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer)
        {
            handle = outer;
        }

        return handle;
    }

    private string Name(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var ns = _reader.GetString(type.Namespace);
        var name = _reader.GetString(type.Name);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>Decodes a signature into the assembly's own type definitions it mentions.</summary>
    private sealed class Collector : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, TypeDependencies>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;
        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(TypeDependencies genericContext, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(TypeDependencies genericContext, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, TypeDependencies genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }
}
