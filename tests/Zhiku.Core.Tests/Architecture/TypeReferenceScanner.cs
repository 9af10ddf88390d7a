using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Zhiku.Core.Tests.Architecture;

/// <summary>
/// Reads an assembly's metadata (System.Reflection.Metadata) and lists, for each of its top-level types, the
/// namespaces of the types it references: base type, interfaces, generic constraints, field, method and local
/// signatures, attributes, and every type, method and field token in method bodies. Compiler-generated nested
/// types (closures, async state machines) count for the type that declares them.
/// </summary>
internal static class TypeReferenceScanner
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>One reference: a type of the assembly (full name of its top-level type, and its namespace)
    /// referencing a type in <see cref="TargetNamespace"/>.</summary>
    public sealed record Reference(string SourceType, string SourceNamespace, string TargetNamespace, string TargetType);

    /// <summary>Every distinct reference from the assembly's types (targets inside and outside it).</summary>
    public static IReadOnlyList<Reference> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var references = new HashSet<Reference>();
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinitionHandle outer = Outermost(reader, handle);
            TypeDefinition outerType = reader.GetTypeDefinition(outer);
            string sourceNamespace = reader.GetString(outerType.Namespace);
            string sourceType = sourceNamespace + "." + reader.GetString(outerType.Name);
            if (sourceType == ".<Module>")
            {
                continue;
            }

            var collector = new Collector(reader);
            CollectType(reader, pe, reader.GetTypeDefinition(handle), collector);
            foreach ((string ns, string type) in collector.Found)
            {
                references.Add(new Reference(sourceType, sourceNamespace, ns, type));
            }
        }

        return [.. references];
    }

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring)
        {
            handle = declaring;
        }

        return handle;
    }

    private static void CollectType(MetadataReader reader, PEReader pe, TypeDefinition type, Collector collector)
    {
        collector.Add(type.BaseType);
        foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
        {
            collector.Add(reader.GetInterfaceImplementation(i).Interface);
        }

        CollectAttributes(reader, type.GetCustomAttributes(), collector);
        CollectGenericParameters(reader, type.GetGenericParameters(), collector);
        foreach (FieldDefinitionHandle f in type.GetFields())
        {
            FieldDefinition field = reader.GetFieldDefinition(f);
            field.DecodeSignature(collector, null);
            CollectAttributes(reader, field.GetCustomAttributes(), collector);
        }

        foreach (PropertyDefinitionHandle p in type.GetProperties())
        {
            PropertyDefinition property = reader.GetPropertyDefinition(p);
            property.DecodeSignature(collector, null);
            CollectAttributes(reader, property.GetCustomAttributes(), collector);
        }

        foreach (MethodDefinitionHandle m in type.GetMethods())
        {
            MethodDefinition method = reader.GetMethodDefinition(m);
            method.DecodeSignature(collector, null);
            CollectAttributes(reader, method.GetCustomAttributes(), collector);
            CollectGenericParameters(reader, method.GetGenericParameters(), collector);
            foreach (ParameterHandle parameter in method.GetParameters())
            {
                CollectAttributes(reader, reader.GetParameter(parameter).GetCustomAttributes(), collector);
            }

            if (method.RelativeVirtualAddress != 0)
            {
                CollectBody(reader, pe.GetMethodBody(method.RelativeVirtualAddress), collector);
            }
        }
    }

    private static void CollectAttributes(MetadataReader reader, CustomAttributeHandleCollection attributes, Collector collector)
    {
        foreach (CustomAttributeHandle a in attributes)
        {
            collector.Add(reader.GetCustomAttribute(a).Constructor);
        }
    }

    private static void CollectGenericParameters(MetadataReader reader, GenericParameterHandleCollection parameters, Collector collector)
    {
        foreach (GenericParameterHandle g in parameters)
        {
            foreach (GenericParameterConstraintHandle c in reader.GetGenericParameter(g).GetConstraints())
            {
                collector.Add(reader.GetGenericParameterConstraint(c).Type);
            }
        }
    }

    private static void CollectBody(MetadataReader reader, MethodBodyBlock body, Collector collector)
    {
        if (!body.LocalSignature.IsNil)
        {
            reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(collector, null);
        }

        foreach (ExceptionRegion region in body.ExceptionRegions)
        {
            collector.Add(region.CatchType);
        }

        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short value = il.ReadByte();
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            OpCode op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int count = il.ReadInt32();
                    il.Offset += 4 * count;
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    collector.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSig:
                    var signature = (StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32());
                    reader.GetStandaloneSignature(signature).DecodeMethodSignature(collector, null);
                    break;
                default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                    il.Offset += 4;
                    break;
            }
        }
    }

    /// <summary>Collects the namespaces of every type an entity or signature names.</summary>
    private sealed class Collector(MetadataReader reader) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<(string Namespace, string Type)> Found { get; } = [];

        public void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0);
                    break;
                case HandleKind.TypeReference:
                    GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    MemberReference member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    MethodSpecification spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
            }
        }

        public object? GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            TypeDefinition outer = r.GetTypeDefinition(Outermost(r, handle));
            string ns = r.GetString(outer.Namespace);
            Found.Add((ns, ns + "." + r.GetString(outer.Name)));
            return null;
        }

        public object? GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference type = r.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = r.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            string ns = r.GetString(type.Namespace);
            Found.Add((ns, ns + "." + r.GetString(type.Name)));
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;
    }
}
