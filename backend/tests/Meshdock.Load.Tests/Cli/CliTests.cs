using Meshdock.Cli;
using Meshdock.Load.Smp;
using Meshdock.Load.Tests.GrpcMethods;
using Meshdock.Load.Tests.Support;
using Spectre.Console;

namespace Meshdock.Load.Tests.Cli;

/// <summary>The meshdock CLI run in-process against a loopback server, its output captured.</summary>
public sealed class CliTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly IAnsiConsole _console;
    private readonly string _folder = Directory.CreateTempSubdirectory("meshdock-cli-").FullName;

    public CliTests() => _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(_output),
    });

    private Task<int> Run(params string[] args) => CliApp.RunAsync(args, _console);

    [Theory]
    [InlineData(new[] { "perf", "run" }, "--url")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--rps", "10", "--max" }, "exclude each other")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--duration", "soon" }, "not a duration")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--header", "NoColon" }, "Name:Value")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--fail-if", "p99 is high" }, "is not a condition")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--fail-if", "rps>5ms" }, "does not fit")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--fail-if", "success<99" }, "success a %")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--fail-if", "non2xx>2ms" }, "does not fit non2xx")]
    [InlineData(new[] { "perf", "run", "--url", "gopher://x/" }, "--url: 'gopher://x/' uses the scheme 'gopher'")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--rps", "0" }, "--rps: The rate 0")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "-c", "20000" }, "--connections: 20000 connections is out of range")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--duration", "2h" }, "--duration: The duration 7200 s is out of range")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "--body-file", "/nonexistent/body.json" }, "does not exist")]
    [InlineData(new[] { "perf", "run", "--url", "http://127.0.0.1:1/", "-m", "4" }, "--streams: Several streams per connection need HTTP/2")]
    [InlineData(new[] { "perf", "run", "--url", "grpc://127.0.0.1:1/grpc.health.v1.Health/Check", "--fortio-json", "out.json" }, "--fortio-json: Fortio's format has no gRPC status codes")]
    [InlineData(new[] { "perf", "run", "--url", "grpc://127.0.0.1:1/a.B/C", "--proto-import", "x.proto" }, "give that file with --proto")]
    public async Task Bad_arguments_exit_with_2_and_a_sentence(string[] args, string phrase)
    {
        var exit = await Run(args);

        Assert.Equal(CliApp.BadArguments, exit);
        Assert.Contains(phrase, _output.ToString().ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grpc_health_check_run_prints_grpc_codes_and_fails_its_threshold_on_them()
    {
        await using var server = await GrpcHealthTarget.StartAsync(serving: false);

        var exit = await Run("perf", "run", "--url", server.Url(), "-m", "2", "-c", "2", "-n", "40", "--fail-if", "errors>0");

        Assert.Equal(CliApp.ThresholdCrossed, exit);
        Assert.Equal(40, server.Calls);
        var output = _output.ToString();
        Assert.Contains("gRPC over HTTP/2 (2 streams each)", output, StringComparison.Ordinal);
        Assert.Contains("gRPC status", output, StringComparison.Ordinal);
        Assert.Contains("NOT_FOUND", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grpc_method_is_loaded_with_its_proto_file_and_json_request()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: false);
        var proto = Path.Combine(_folder, "echo.proto");
        await File.WriteAllTextAsync(proto, EchoProto.Text);

        var exit = await Run("perf", "run", "--url", server.Url("Say"), "--proto", proto, "--grpc-request", """{"name":"cli","times":2}""",
            "-c", "2", "-n", "30", "--fail-if", "errors>0");

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal(30, server.Service.Said);
        Assert.Equal("cli", Assert.Single(server.Service.Requests.Keys).Name);
    }

    [Fact]
    public async Task A_grpc_method_is_loaded_through_a_proto_file_that_imports_it_and_a_missing_import_is_named()
    {
        await using var server = await GrpcEchoTarget.StartAsync(reflection: false);
        var main = Path.Combine(_folder, "main.proto");
        var echo = Path.Combine(_folder, "echo.proto");
        await File.WriteAllTextAsync(main, "syntax = \"proto3\";\nimport \"meshdock/loadtest/v1/echo.proto\";\n");
        await File.WriteAllTextAsync(echo, EchoProto.Text);

        var missing = await Run("perf", "run", "--url", server.Url("Say"), "--proto", main, "-n", "1");
        Assert.Equal(CliApp.BadArguments, missing);
        Assert.Contains("--proto: the .proto file line 2: the file imports \"meshdock/loadtest/v1/echo.proto\"",
            _output.ToString().ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        var exit = await Run("perf", "run", "--url", server.Url("Say"), "--proto", main, "--proto-import", $"meshdock/loadtest/v1/echo.proto={echo}",
            "--grpc-request", """{"name":"imported"}""", "-c", "1", "-n", "20", "--fail-if", "errors>0");

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal(20, server.Service.Said);
        Assert.Equal("imported", Assert.Single(server.Service.Requests.Keys).Name);
    }

    [Fact]
    public async Task A_grpc_request_with_an_unknown_field_exits_2_naming_the_option_and_the_field()
    {
        var proto = Path.Combine(_folder, "echo.proto");
        await File.WriteAllTextAsync(proto, EchoProto.Text);

        var exit = await Run("perf", "run", "--url", "grpc://127.0.0.1:50051/meshdock.loadtest.v1.Echo/Say", "--proto", proto,
            "--grpc-request", """{"nmae":"cli"}""", "-n", "1");

        Assert.Equal(CliApp.BadArguments, exit);
        Assert.Contains("--grpc-request: The request is the message meshdock.loadtest.v1.SayRequest, which has no field 'nmae'",
            _output.ToString().ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_within_its_thresholds_exits_0_and_writes_smp_and_fortio_files()
    {
        await using var server = RawHttpServer.Start(_ => Reply.Ok());
        var smp = Path.Combine(_folder, "result.smp.yaml");
        var fortio = Path.Combine(_folder, "result.fortio.json");

        var exit = await Run("perf", "run", "--url", server.Url, "--rps", "400", "-c", "4", "--duration", "1s",
            "--fail-if", "p99>2s", "--fail-if", "errors>0", "--out", smp, "--fortio-json", fortio);

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal(400, server.Requests);
        var output = _output.ToString();
        Assert.Contains("pass p99>2s", output, StringComparison.Ordinal);
        Assert.Contains("corrected", output, StringComparison.Ordinal);
        var document = SmpFormat.Parse(await File.ReadAllTextAsync(smp));
        Assert.Equal(400, document.Clients[0].Rps);
        Assert.Equal("1s", document.Duration);
        Assert.Contains("\"DurationHistogram\"", await File.ReadAllTextAsync(fortio), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crossed_threshold_exits_3_and_says_which()
    {
        await using var server = RawHttpServer.Start(async r =>
        {
            await Task.Delay(20);
            return Reply.Ok();
        });

        var exit = await Run("perf", "run", "--url", server.Url, "-n", "20", "-c", "2", "--fail-if", "p50>5ms", "--fail-if", "rps<1");

        Assert.Equal(CliApp.ThresholdCrossed, exit);
        var output = _output.ToString();
        Assert.Contains("FAIL p50>5ms", output, StringComparison.Ordinal);
        Assert.Contains("pass rps<1", output, StringComparison.Ordinal);
        Assert.Equal(20, server.Requests);
    }

    [Fact]
    public async Task Errors_count_against_an_error_threshold()
    {
        await using var server = RawHttpServer.Start(_ => new Reply { Bytes = "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"u8.ToArray() });

        var exit = await Run("perf", "run", "--url", server.Url, "-n", "10", "-c", "1", "--fail-if", "errors>50%");

        Assert.Equal(CliApp.ThresholdCrossed, exit);
        Assert.Contains("measured 100%", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_breaks_down_status_codes_and_non2xx_and_success_thresholds_use_them()
    {
        var served = 0;
        await using var server = RawHttpServer.Start(_ => Interlocked.Increment(ref served) <= 4
            ? Reply.Ok()
            : new Reply { Bytes = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"u8.ToArray() });

        var exit = await Run("perf", "run", "--url", server.Url, "-n", "20", "-c", "1",
            "--fail-if", "non2xx>0", "--fail-if", "success<99%", "--fail-if", "non2xx>90%");

        Assert.Equal(CliApp.ThresholdCrossed, exit);
        var output = _output.ToString();
        Assert.Contains("20% 2xx", output, StringComparison.Ordinal);
        Assert.Contains("2xx 4 · 3xx 0 · 4xx 16 · 5xx 0 · socket errors 0", output, StringComparison.Ordinal);
        Assert.Contains("429 × 16, 200 × 4", output, StringComparison.Ordinal);
        Assert.Contains("FAIL non2xx>0", output, StringComparison.Ordinal);
        Assert.Contains("FAIL success<99%", output, StringComparison.Ordinal);
        Assert.Contains("pass non2xx>90%", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
