namespace Meshdock.Load.Grpc.Protobuf;

/// <summary>
/// The well-known types a single .proto file may import, declared here with the same names, numbers and types as
/// protobuf's own files (only what the wire and JSON encodings need), and the JSON forms proto3 gives them.
/// </summary>
internal static class WellKnownTypes
{
    public const string Timestamp = "google.protobuf.Timestamp";
    public const string Duration = "google.protobuf.Duration";
    public const string Struct = "google.protobuf.Struct";
    public const string Value = "google.protobuf.Value";
    public const string ListValue = "google.protobuf.ListValue";
    public const string NullValue = "google.protobuf.NullValue";
    public const string FieldMask = "google.protobuf.FieldMask";
    public const string Any = "google.protobuf.Any";

    /// <summary>The wrapper messages, whose JSON form is their one value.</summary>
    public static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
        "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
        "google.protobuf.BytesValue",
    };

    private const string Header = "syntax = \"proto3\";\npackage google.protobuf;\n";

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["google/protobuf/empty.proto"] = Header + "message Empty {}",
        ["google/protobuf/timestamp.proto"] = Header + "message Timestamp { int64 seconds = 1; int32 nanos = 2; }",
        ["google/protobuf/duration.proto"] = Header + "message Duration { int64 seconds = 1; int32 nanos = 2; }",
        ["google/protobuf/field_mask.proto"] = Header + "message FieldMask { repeated string paths = 1; }",
        ["google/protobuf/any.proto"] = Header + "message Any { string type_url = 1; bytes value = 2; }",
        ["google/protobuf/wrappers.proto"] = Header + string.Concat(
            new[] { "double", "float", "int64", "uint64", "int32", "uint32", "bool", "string", "bytes" }
                .Select(t => $"message {char.ToUpperInvariant(t[0])}{t[1..].Replace("int", "Int", StringComparison.Ordinal)}Value {{ {t} value = 1; }}\n")),
        ["google/protobuf/struct.proto"] = Header + """
            message Struct { map<string, Value> fields = 1; }
            message Value {
              oneof kind {
                NullValue null_value = 1;
                double number_value = 2;
                string string_value = 3;
                bool bool_value = 4;
                Struct struct_value = 5;
                ListValue list_value = 6;
              }
            }
            enum NullValue { NULL_VALUE = 0; }
            message ListValue { repeated Value values = 1; }
            """,
    };

    /// <summary>The declarations of a well-known type file, or null for any other import.</summary>
    public static string? Source(string importName) => Files.GetValueOrDefault(importName);
}
