using Google.Protobuf;
using Meshdock.Load.Grpc;
using Meshdock.Load.Tests.GrpcMethods.Protos;
using Meshdock.Load.Tests.Support;

namespace Meshdock.Load.Tests.GrpcMethods;

/// <summary>
/// gRPC unary load on a method other than the health check, against Kestrel running echo.proto's service: the
/// request given as JSON with the .proto file's text or through the server's reflection service.
/// </summary>
public sealed class GrpcMethodLoadTests
{
    private const string Json = """{"name":"world","times":3,"numbers":[1,2,300],"mood":"HAPPY","weights":{"a":1},"inner":{"tags":["x"],"id":"5"},"at":"2026-12-05T10:00:00Z","code":-4}""";

    private static LoadSpec Spec(string url, GrpcRequest request, long requests = 600, int streams = 1) =>
        Specs.For(url, connections: 2, requests: requests) with { Streams = streams, Grpc = request };

    [Theory]
    [InlineData("event-loop", 1)]
    [InlineData("event-loop", 4)]
    [InlineData("async", 3)]
    public async Task A_method_given_by_its_proto_file_is_called_with_the_json_request_and_counted_exactly(string engine, int streams)
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: false);
        var spec = Spec(server.Url("Say"), new GrpcRequest { Json = Json, Proto = EchoProto.Text }, streams: streams);

        var result = await Engines.RunAsync(engine, spec);

        Assert.Empty(result.Errors);
        Assert.Equal(600, result.GrpcStatusCodes["OK"]);
        Assert.Equal(600, server.Service.Said);
        Assert.Equal(600, result.Latency.Count);
        Assert.Equal(JsonParser.Default.Parse<SayRequest>(Json), Assert.Single(server.Service.Requests.Keys));
    }

    [Fact]
    public async Task A_method_found_through_server_reflection_is_called_with_the_json_request()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true);
        var spec = Spec(server.Url("Say"), new GrpcRequest { Json = Json, Reflection = true }, streams: 2);

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(600, result.GrpcStatusCodes["OK"]);
        Assert.Equal(600, server.Service.Said);
        Assert.Equal(JsonParser.Default.Parse<SayRequest>(Json), Assert.Single(server.Service.Requests.Keys));
    }

    [Fact]
    public async Task Reflection_and_load_go_over_tls_for_grpcs_trusting_the_given_ca()
    {
        using var certificates = new TestCertificates();
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true, certificates.Server);
        var spec = Spec(server.Url("Say", "grpcs"), new GrpcRequest { Json = Json, Reflection = true }, requests: 300, streams: 3)
            with { CaCertificatePem = certificates.CaPem };

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(300, result.GrpcStatusCodes["OK"]);
        Assert.Equal(300, server.Service.Said);
    }

    [Fact]
    public async Task Reflection_over_tls_refuses_a_certificate_it_was_not_told_to_trust()
    {
        using var certificates = new TestCertificates();
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true, certificates.Server);
        var spec = Spec(server.Url("Say", "grpcs"), new GrpcRequest { Json = Json, Reflection = true });

        var error = await Assert.ThrowsAsync<LoadTargetException>(() => LoadRunner.RunAsync(spec));

        Assert.StartsWith("Server reflection at 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Service.Said);
    }

    [Fact]
    public async Task A_failing_method_is_counted_by_its_grpc_code()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true);
        var spec = Spec(server.Url("Refuse"), new GrpcRequest { Json = """{"name":"x"}""", Reflection = true }, requests: 200);

        var result = await LoadRunner.RunAsync(spec);

        Assert.Empty(result.Errors);
        Assert.Equal(200, result.GrpcStatusCodes["FAILED_PRECONDITION"]);
        Assert.False(result.GrpcStatusCodes.ContainsKey("OK"));
        Assert.Equal(200, server.Service.Refused);
    }

    [Theory]
    [InlineData("Say", """{"name": "x",}""", "grpc.json", "The request is not valid JSON")]
    [InlineData("Say", "[1]", "grpc.json", "The request JSON must be an object")]
    [InlineData("Say", """{"nmae":"x"}""", "grpc.json", "The request is the message meshdock.loadtest.v1.SayRequest, which has no field 'nmae'")]
    [InlineData("Say", """{"inner":{"tags":"x"}}""", "grpc.json", "The field 'inner.tags' is repeated")]
    [InlineData("Shout", "{}", "urls[0]", "There is no method meshdock.loadtest.v1.Echo/Shout in the .proto file; it defines meshdock.loadtest.v1.Echo/Say")]
    [InlineData("Chat", "{}", "urls[0]", "meshdock.loadtest.v1.Echo/Chat is a streaming method")]
    public void A_request_that_cannot_be_encoded_from_the_proto_file_is_refused_before_the_run(string method, string json, string field, string expected)
    {
        var spec = Spec($"grpc://127.0.0.1:50051/meshdock.loadtest.v1.Echo/{method}", new GrpcRequest { Json = json, Proto = EchoProto.Text });

        var error = Assert.Single(LoadSpecValidator.Validate(spec));

        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_defined_in_an_imported_file_is_called_through_the_file_that_imports_it()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: false);
        const string MainFile = "syntax = \"proto3\";\nimport \"meshdock/loadtest/v1/echo.proto\";\n";
        var request = new GrpcRequest { Json = Json, Proto = MainFile, Imports = new Dictionary<string, string> { ["meshdock/loadtest/v1/echo.proto"] = EchoProto.Text } };
        var spec = Spec(server.Url("Say"), request, requests: 200);

        Assert.Empty(LoadSpecValidator.Validate(spec));
        var result = await LoadRunner.RunAsync(spec);

        Assert.Equal(200, result.GrpcStatusCodes["OK"]);
        Assert.Equal(200, server.Service.Said);
        Assert.Equal(JsonParser.Default.Parse<SayRequest>(Json), Assert.Single(server.Service.Requests.Keys));
    }

    [Theory]
    [InlineData(null, "grpc.proto", "the file imports \"meshdock/loadtest/v1/echo.proto\", which is neither among the files given with it")]
    [InlineData("../echo.proto", "grpc.imports", "'../echo.proto' is not an import path")]
    public void Imports_that_are_missing_or_misnamed_are_refused_before_the_run(string? path, string field, string expected)
    {
        var imports = path is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [path] = EchoProto.Text };
        var request = new GrpcRequest { Proto = "syntax = \"proto3\";\nimport \"meshdock/loadtest/v1/echo.proto\";", Imports = imports };

        var error = Assert.Single(LoadSpecValidator.Validate(Spec("grpc://127.0.0.1:50051/meshdock.loadtest.v1.Echo/Say", request)));

        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_other_than_the_health_check_needs_a_proto_file_or_reflection()
    {
        var error = Assert.Single(LoadSpecValidator.Validate(Specs.For("grpc://127.0.0.1:50051/meshdock.loadtest.v1.Echo/Say", requests: 1)));

        Assert.Equal("urls[0]", error.Field);
        Assert.Contains("give its .proto file or choose server reflection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proto_file_and_reflection_exclude_each_other_and_a_broken_proto_file_is_refused_with_its_line()
    {
        var url = "grpc://127.0.0.1:50051/meshdock.loadtest.v1.Echo/Say";

        var both = Assert.Single(LoadSpecValidator.Validate(Spec(url, new GrpcRequest { Proto = EchoProto.Text, Reflection = true })));
        var broken = Assert.Single(LoadSpecValidator.Validate(Spec(url, new GrpcRequest { Proto = "syntax = \"proto3\";\nmessage {" })));

        Assert.Equal("grpc", both.Field);
        Assert.Equal("grpc.proto", broken.Field);
        Assert.Contains("line 2: expected the message's name, found '{'", broken.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "Shout", "{}", "There is no method meshdock.loadtest.v1.Echo/Shout in server reflection at 127.0.0.1:")]
    [InlineData(true, "Say", """{"nmae":"x"}""", "has no field 'nmae'")]
    [InlineData(false, "Say", "{}", "does not offer server reflection")]
    public async Task Through_reflection_what_does_not_fit_the_servers_description_ends_the_run_before_it_starts(bool reflection, string method, string json, string expected)
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection);
        var spec = Spec(server.Url(method), new GrpcRequest { Json = json, Reflection = true });

        var error = await Assert.ThrowsAsync<LoadTargetException>(() => LoadRunner.RunAsync(spec));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Service.Said);
    }

    [Theory]
    [InlineData("Say", """{"times":"many"}""", "grpc.json", "The field 'times' is an int32")]
    [InlineData("Shout", "{}", "urls[0]", "There is no method meshdock.loadtest.v1.Echo/Shout")]
    public async Task An_api_can_check_a_reflected_request_before_the_run_and_name_the_field(string method, string json, string field, string expected)
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true);

        var error = await GrpcMessages.CheckWithServerAsync(Spec(server.Url(method), new GrpcRequest { Json = json, Reflection = true }), CancellationToken.None);
        var fine = await GrpcMessages.CheckWithServerAsync(Spec(server.Url("Say"), new GrpcRequest { Json = Json, Reflection = true }), CancellationToken.None);

        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(fine);
        Assert.Equal(0, server.Service.Said);
    }

    [Fact]
    public async Task Reflection_names_a_service_the_server_does_not_have()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: true);
        var url = server.Url("Say").Replace("meshdock.loadtest.v1.Echo", "meshdock.loadtest.v1.Missing", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<LoadTargetException>(() => LoadRunner.RunAsync(Spec(url, new GrpcRequest { Reflection = true })));

        Assert.Contains("does not know meshdock.loadtest.v1.Missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_checks_request_can_be_given_as_json_without_a_file()
    {
        await using var server = await GrpcHealthTarget.StartAsync();
        var spec = Specs.For(server.Url(), connections: 1, requests: 20) with { Grpc = new GrpcRequest { Json = """{"service":"nope"}""" } };

        var result = await LoadRunner.RunAsync(spec);

        // Grpc.HealthCheck answers NOT_FOUND for a service it was never told about: the name reached it.
        Assert.Equal(20, result.GrpcStatusCodes["NOT_FOUND"]);
    }
}
