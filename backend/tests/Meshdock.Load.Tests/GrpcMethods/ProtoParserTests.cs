using Meshdock.Load.Grpc.Protobuf;

namespace Meshdock.Load.Tests.GrpcMethods;

/// <summary>The .proto parser: what it reads from a real file, and what protoc would refuse, refused with the line.</summary>
public sealed class ProtoParserTests
{
    [Fact]
    public void Echo_proto_is_read_with_its_methods_maps_oneofs_and_imports()
    {
        var schema = ProtoParser.Parse(EchoProto.Text, "echo.proto");

        var say = schema.Methods["meshdock.loadtest.v1.Echo/Say"];
        Assert.Equal(EchoProto.Request, say.InputType);
        Assert.False(say.ClientStreaming || say.ServerStreaming);
        Assert.True(schema.Methods["meshdock.loadtest.v1.Echo/Chat"] is { ClientStreaming: true, ServerStreaming: true });
        var request = schema.Messages[EchoProto.Request];
        Assert.True(request.Fields.Single(f => f.Name == "weights").IsMap);
        Assert.Equal("huge", request.Fields.Single(f => f.Name == "big").JsonName);
        Assert.Equal("byId", request.Fields.Single(f => f.Name == "by_id").JsonName);
        Assert.True(request.Fields.Single(f => f.Name == "numbers").Packed);
        Assert.True(request.Fields.Single(f => f.Name == "moods").Packed);
        Assert.False(request.Fields.Single(f => f.Name == "inners").Packed);
        Assert.Equal(["choice", "_ratio"], request.Oneofs);
        Assert.Equal("google.protobuf.Timestamp", request.Fields.Single(f => f.Name == "at").Message!.FullName);
        Assert.Equal(2, schema.Enums["meshdock.loadtest.v1.Mood"].Values["GRUMPY"]);
    }

    [Theory]
    [InlineData("message A {}", "line 1: the file does not start with syntax = \"proto3\"")]
    [InlineData("syntax = \"proto2\";", "only \"proto3\" is supported")]
    [InlineData("edition = \"2023\";", "editions are not supported")]
    [InlineData("syntax = \"proto3\";\nmessage A {\n  string a = 1\n}", "line 4: expected ';' after the field 'a', found '}'")]
    [InlineData("syntax = \"proto3\";\nmessage A { B b = 1; }", "line 2: the type 'B' of field 'b' is not defined")]
    [InlineData("syntax = \"proto3\";\nimport \"other.proto\";", "line 2: the file imports \"other.proto\", which is neither among the files given with it nor a well-known type")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 1; int32 b = 1; }", "uses the field number 1 twice")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 0; }", "field numbers are 1 to")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 19001; }", "reserved for the protobuf implementation")]
    [InlineData("syntax = \"proto3\";\nenum E { ONE = 1; }", "the first enum value must be 0")]
    [InlineData("syntax = \"proto3\";\nenum E { Z = 0; Y = 0; }", "allow_alias")]
    [InlineData("syntax = \"proto3\";\nmessage A { required string a = 1; }", "'required' is proto2")]
    [InlineData("syntax = \"proto3\";\nmessage A { reserved 2 to 4; string a = 3; }", "uses the reserved number 3")]
    [InlineData("syntax = \"proto3\";\nmessage A { map<float, string> m = 1; }", "a map key cannot be 'float'")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 1 [default = \"x\"]; }", "explicit defaults are not allowed")]
    [InlineData("syntax = \"proto3\";\nmessage A {}\nmessage A {}", "A is defined twice")]
    [InlineData("syntax = \"proto3\";\nservice S { rpc M (Nope) returns (Nope); }", "the request type 'Nope' of M is not a message defined here")]
    [InlineData("syntax = \"proto3\";\n/* never closed", "a /* comment is never closed")]
    [InlineData("syntax = \"proto3\";\nmessage A { string a = 1; ", "message A is not closed")]
    public void What_protoc_would_refuse_is_refused_with_the_line(string proto, string expected)
    {
        var error = Assert.Throws<ProtoParseException>(() => ProtoParser.Parse(proto, "test.proto"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.proto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Imports_are_read_from_the_given_files_by_import_path_through_each_other()
    {
        var imports = new Dictionary<string, string>
        {
            ["acme/shop/v1/order.proto"] = """
                syntax = "proto3";
                package acme.shop.v1;
                import "acme/common/money.proto";
                message Order { string id = 1; acme.common.Money total = 2; }
                """,
            ["acme/common/money.proto"] = """
                syntax = "proto3";
                package acme.common;
                import "google/protobuf/timestamp.proto";
                message Money { string currency = 1; int64 units = 2; google.protobuf.Timestamp at = 3; }
                """,
            ["unused.proto"] = "not even proto",
        };
        const string MainFile = """
            syntax = "proto3";
            package acme.shop.v1;
            import "acme/shop/v1/order.proto";
            service Shop { rpc Place (Order) returns (Order); }
            """;

        var schema = ProtoParser.Parse(MainFile, "shop.proto", imports);

        Assert.Equal("acme.shop.v1.Order", schema.Methods["acme.shop.v1.Shop/Place"].InputType);
        var total = schema.Messages["acme.shop.v1.Order"].Fields.Single(f => f.Name == "total");
        Assert.Equal("acme.common.Money", total.Message!.FullName);
        Assert.Equal("google.protobuf.Timestamp", total.Message.Fields.Single(f => f.Name == "at").Message!.FullName);
    }

    [Fact]
    public void A_missing_import_is_named_with_the_file_and_line_that_imports_it()
    {
        var imports = new Dictionary<string, string> { ["a.proto"] = "syntax = \"proto3\";\n\nimport \"b/missing.proto\";" };

        var error = Assert.Throws<ProtoParseException>(() => ProtoParser.Parse("syntax = \"proto3\";\nimport \"a.proto\";", "main.proto", imports));

        Assert.StartsWith("a.proto line 3: the file imports \"b/missing.proto\", which is neither among the files given with it", error.Message, StringComparison.Ordinal);
        Assert.Contains("add that file under the path \"b/missing.proto\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_cycle_is_refused_as_protoc_refuses_it()
    {
        var imports = new Dictionary<string, string>
        {
            ["a.proto"] = "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A { B b = 1; }",
            ["b.proto"] = "syntax = \"proto3\";\nimport \"a.proto\";\nmessage B { A a = 1; }",
        };

        var error = Assert.Throws<ProtoParseException>(() => ProtoParser.Parse("syntax = \"proto3\";\nimport \"a.proto\";", "main.proto", imports));

        Assert.StartsWith("b.proto line 2: the file imports \"a.proto\", which is being read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_is_bounded_so_a_hostile_file_cannot_exhaust_the_stack()
    {
        var proto = "syntax = \"proto3\";\n" + string.Concat(Enumerable.Repeat("message M {", 100_000));

        var error = Assert.Throws<ProtoParseException>(() => ProtoParser.Parse(proto, "deep.proto"));

        Assert.Contains("nested more than 100 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_resolve_from_the_innermost_scope_outwards()
    {
        const string Proto = """
            syntax = "proto3";
            package p.q;
            message Leaf { int32 outer = 1; }
            message Tree {
              message Leaf { string inner = 1; }
              Leaf near = 1;
              .p.q.Leaf far = 2;
              q.Leaf partial = 3;
            }
            """;

        var tree = ProtoParser.Parse(Proto).Messages["p.q.Tree"];

        Assert.Equal("p.q.Tree.Leaf", tree.Fields[0].Message!.FullName);
        Assert.Equal("p.q.Leaf", tree.Fields[1].Message!.FullName);
        Assert.Equal("p.q.Leaf", tree.Fields[2].Message!.FullName);
    }
}
