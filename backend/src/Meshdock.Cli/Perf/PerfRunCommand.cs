using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Meshdock.Load;
using Meshdock.Load.Fortio;
using Meshdock.Load.Grpc;
using Meshdock.Load.Smp;
using Spectre.Console;

namespace Meshdock.Cli.Perf;

/// <summary><c>meshdock perf run</c>: one load run with a live progress bar and a summary table.</summary>
internal static class PerfRunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var url = new Option<string[]>("--url") { Description = "Target URL: http(s)://host:port/path, or grpc(s)://host:port/package.Service/Method for a gRPC method (grpc.health.v1.Health/Check needs nothing more); repeat for several.", Required = true, Arity = ArgumentArity.OneOrMore };
        var rps = new Option<int?>("--rps") { Description = "Open model: requests per second on a fixed schedule (latency corrected for coordinated omission)." };
        var max = new Option<bool>("--max") { Description = "Closed model: send as fast as responses come back (the default without --rps)." };
        var connections = new Option<int>("--connections", "-c") { Description = "TCP connections.", DefaultValueFactory = _ => 10 };
        var streams = new Option<int>("--streams", "-m") { Description = "HTTP/2: requests in flight on each connection, one per stream (like h2load -m).", DefaultValueFactory = _ => 1 };
        var duration = new Option<TimeSpan?>("--duration", "-d") { Description = "How long to measure, e.g. 30s, 2m (default 30s unless --requests).", CustomParser = ParseDuration };
        var requests = new Option<long?>("--requests", "-n") { Description = "Stop after this many requests." };
        var warmup = new Option<TimeSpan?>("--warmup") { Description = "Load sent before measuring, not counted (e.g. 5s).", CustomParser = ParseDuration };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Per-request timeout (default 10s).", CustomParser = ParseDuration };
        var method = new Option<string>("--method", "-X") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };
        var header = new Option<string[]>("--header", "-H") { Description = "Request header as Name:Value; repeat for several." };
        var cookie = new Option<string[]>("--cookie") { Description = "Cookie as name=value; repeat for several." };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "Send this file's content (UTF-8 text) as the body." };
        var contentType = new Option<string?>("--content-type") { Description = "Content-Type of the body." };
        var http2 = new Option<bool>("--http2") { Description = "Use HTTP/2 (h2c for http URLs)." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not verify the server's TLS certificate." };
        var caCert = new Option<FileInfo?>("--ca-cert") { Description = "Trust this CA certificate (PEM) for https targets." };
        var grpcRequest = new Option<string?>("--grpc-request") { Description = "gRPC: the request message as proto3 JSON, e.g. '{\"name\":\"world\"}' (default: the empty message)." };
        var proto = new Option<FileInfo?>("--proto") { Description = "gRPC: the proto3 .proto file that defines the method (it may import the well-known types and the --proto-import files)." };
        var protoImport = new Option<string[]>("--proto-import") { Description = "gRPC: a file the .proto file imports, as IMPORT_PATH=FILE (IMPORT_PATH as its import statement writes it), or FILE when that path is the import path; repeat for several." };
        var reflection = new Option<bool>("--reflection") { Description = "gRPC: ask the server's reflection service for the method instead of a .proto file." };
        var name = new Option<string?>("--name") { Description = "Name recorded in the SMP result." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the result in SMP format (.yaml/.yml or .json)." };
        var fortio = new Option<FileInfo?>("--fortio-json") { Description = "Write the result in Fortio's JSON format." };
        var body = new Option<string?>("--body") { Description = "Send this text as the body (UTF-8); for a large body use --body-file." };
        var jsonLines = new Option<bool>("--json-lines") { Description = "Write one JSON line a second (counts, status codes, the second's histogram) and a last line with the whole result, instead of the progress bar and summary: the form the cluster runner's pods report in." };
        var shards = new Option<int?>("--shards") { Description = "Run one share of the load, the whole being split over this many generators (connections, requests and rate divided; open-model schedules offset)." };
        var shardIndex = new Option<int?>("--shard-index") { Description = "Which share to run, 0 to shards-1 (default: the JOB_COMPLETION_INDEX environment variable an indexed Kubernetes Job sets)." };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Send the load from runner pods in the cluster of the current kubeconfig (a Kubernetes Job running this CLI), as Meshdock's cluster runner does." };
        var ns = new Option<string?>("--namespace") { Description = "--in-cluster: the namespace the runner pods run in (created when missing, labelled as Meshdock's)." };
        var pods = new Option<int?>("--pods") { Description = "--in-cluster: how many runner pods share the load, 1 to 20 (default 1)." };
        var meshed = new Option<bool>("--meshed") { Description = "--in-cluster: let the namespace's mesh inject the runner pods, so requests leave through a proxy as a meshed client's do." };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "--in-cluster: the kubeconfig to use (default: KUBECONFIG, else ~/.kube/config) with its current context." };
        var image = new Option<string>("--image") { Description = "--in-cluster: the image the runner pods run; it must hold Meshdock's CLI at --runner-cli.", DefaultValueFactory = _ => Meshdock.Load.Cluster.RunnerJob.DefaultImage };
        var runnerCli = new Option<string>("--runner-cli") { Description = "--in-cluster: where Meshdock's CLI is inside the image.", DefaultValueFactory = _ => Meshdock.Load.Cluster.RunnerJob.DefaultCliPath };
        var failIf = new Option<string[]>("--fail-if") { Description = "Exit with code 3 when a condition holds, e.g. \"p99>50ms\", \"errors>1%\", \"non2xx>0\", \"success<99%\", \"rps<900\"." };

        var command = new Command("run", "Send HTTP load to a URL and report latency percentiles, throughput and errors.")
        {
            url, rps, max, connections, streams, duration, requests, warmup, timeout, method, header, cookie, bodyFile, contentType,
            http2, grpcRequest, proto, protoImport, reflection, insecure, caCert, name, output, fortio, failIf, body, jsonLines, shards, shardIndex,
            inCluster, ns, pods, meshed, kubeconfig, image, runnerCli,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(rps) is not null && result.GetValue(max))
                result.AddError("--rps and --max exclude each other: --rps sets a fixed rate, --max sends as fast as possible.");
            foreach (var h in result.GetValue(header) ?? [])
                if (h.IndexOf(':', StringComparison.Ordinal) <= 0)
                    result.AddError($"--header '{h}' must be Name:Value.");
            foreach (var c in result.GetValue(cookie) ?? [])
                if (c.IndexOf('=', StringComparison.Ordinal) <= 0)
                    result.AddError($"--cookie '{c}' must be name=value.");
            foreach (var f in result.GetValue(failIf) ?? [])
                if (!Threshold.TryParse(f, out _, out var problem))
                    result.AddError(problem!);
            if (result.GetValue(proto) is not null && result.GetValue(reflection))
                result.AddError("--proto and --reflection exclude each other: give the .proto file, or let the server describe the method.");
            if (result.GetValue(body) is not null && result.GetValue(bodyFile) is not null)
                result.AddError("--body and --body-file exclude each other: give the body one way.");
            if (result.GetValue(shards) is { } n && n < 1)
                result.AddError($"--shards must be 1 or more, not {n}.");
            if (result.GetValue(shardIndex) is { } i && (i < 0 || i >= (result.GetValue(shards) ?? 1)))
                result.AddError($"--shard-index must be between 0 and --shards minus one, not {i}.");
            if (result.GetValue(shardIndex) is not null && result.GetValue(shards) is null)
                result.AddError("--shard-index needs --shards.");
            foreach (var file in new[] { result.GetValue(bodyFile), result.GetValue(caCert), result.GetValue(proto) })
                if (file is { Exists: false })
                    result.AddError($"The file {file.FullName} does not exist.");
            var imports = result.GetValue(protoImport) ?? [];
            if (imports.Length > 0 && result.GetValue(proto) is null)
                result.AddError("--proto-import gives files a .proto file imports; give that file with --proto.");
            foreach (var import in imports)
                if (!File.Exists(ImportOf(import).File))
                    result.AddError($"--proto-import '{import}': the file {Path.GetFullPath(ImportOf(import).File)} does not exist.");
            if (result.GetValue(inCluster))
            {
                if (result.GetValue(ns) is not { } namespaceName || !IsDnsLabel(namespaceName))
                    result.AddError("--in-cluster needs --namespace: a Kubernetes name (lowercase letters, digits and '-', at most 63).");
                else if (namespaceName.StartsWith("kube-", StringComparison.Ordinal))
                    result.AddError($"--namespace '{namespaceName}' is one of Kubernetes' own namespaces; run the load from an application namespace.");
                if (result.GetValue(pods) is < 1 or > 20)
                    result.AddError($"--pods must be between 1 and 20, not {result.GetValue(pods)}.");
                if (result.GetValue(jsonLines) || result.GetValue(shards) is not null)
                    result.AddError("--in-cluster runs the --json-lines shards in its pods; leave --json-lines, --shards and --shard-index out.");
                if (result.GetValue(caCert) is not null)
                    result.AddError("--in-cluster cannot pass a CA certificate to its pods yet; use --insecure for a test certificate, or run without --in-cluster.");
                if (result.GetValue(proto) is not null)
                    result.AddError("--in-cluster pods learn a gRPC method's types by server reflection; use --reflection instead of --proto.");
                if (result.GetValue(kubeconfig) is { Exists: false } missing)
                    result.AddError($"The file {missing.FullName} does not exist.");
            }
            else if (result.GetValue(ns) is not null || result.GetValue(pods) is not null || result.GetValue(meshed) || result.GetValue(kubeconfig) is not null
                || result.GetResult(image) is { Implicit: false } || result.GetResult(runnerCli) is { Implicit: false })
            {
                result.AddError("--namespace, --pods, --meshed, --kubeconfig, --image and --runner-cli choose where --in-cluster runs; add --in-cluster or leave them out.");
            }
            if (result.GetValue(fortio) is not null && (result.GetValue(url) ?? []).Any(GrpcTarget.IsGrpc))
                result.AddError($"--fortio-json: {FortioExport.GrpcRefusal} Use --out for the SMP result.");
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = new LoadSpec
            {
                Urls = parse.GetRequiredValue(url),
                Rps = parse.GetValue(rps),
                Connections = parse.GetValue(connections),
                Streams = parse.GetValue(streams),
                Requests = parse.GetValue(requests),
                Duration = parse.GetValue(duration) ?? (parse.GetValue(requests) is null ? TimeSpan.FromSeconds(30) : null),
                Warmup = parse.GetValue(warmup) ?? TimeSpan.Zero,
                Timeout = parse.GetValue(timeout) ?? TimeSpan.FromSeconds(10),
                Method = parse.GetValue(method)!.ToUpperInvariant(),
                Headers = Pairs(parse.GetValue(header), ':'),
                Cookies = Pairs(parse.GetValue(cookie), '='),
                Body = parse.GetValue(bodyFile) is { } file ? await File.ReadAllTextAsync(file.FullName, Encoding.UTF8, cancellationToken) : parse.GetValue(body),
                ContentType = parse.GetValue(contentType),
                Protocol = parse.GetValue(http2) ? HttpProtocol.Http2 : HttpProtocol.Http1,
                InsecureSkipVerify = parse.GetValue(insecure),
                CaCertificatePem = parse.GetValue(caCert) is { } ca ? await File.ReadAllTextAsync(ca.FullName, cancellationToken) : null,
                Grpc = GrpcRequestOf(parse.GetValue(grpcRequest), parse.GetValue(proto) is { } protoFile ? await File.ReadAllTextAsync(protoFile.FullName, cancellationToken) : null,
                    await ReadImportsAsync(parse.GetValue(protoImport) ?? [], cancellationToken), parse.GetValue(reflection)),
            };
            if (parse.GetValue(jsonLines))
            {
                var total = parse.GetValue(shards) ?? 1;
                // A run that is not split has one share, whatever the environment says.
                var index = total == 1 ? 0 : parse.GetValue(shardIndex) ?? ShardIndexFromEnvironment();
                if (index is not { } shard || shard < 0 || shard >= total)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] --shard-index: give it, or set JOB_COMPLETION_INDEX to 0..{total - 1}.");
                    return CliApp.BadArguments;
                }
                return await new JsonLinesRun(Console.Out, Console.Error, spec, total, shard).ExecuteAsync(cancellationToken);
            }

            var thresholds = (parse.GetValue(failIf) ?? []).Select(f => Threshold.TryParse(f, out var t, out _) ? t! : null!).ToList();
            var run = new PerfRun(console, spec, thresholds, parse.GetValue(name), parse.GetValue(output), parse.GetValue(fortio));
            if (parse.GetValue(inCluster))
            {
                var placement = new ClusterPlacement(parse.GetValue(ns)!, parse.GetValue(pods) ?? 1, parse.GetValue(meshed), parse.GetValue(kubeconfig)?.FullName,
                    parse.GetValue(image)!, parse.GetValue(runnerCli)!);
                return await new ClusterPerfRun(console, spec, placement, run).ExecuteAsync(cancellationToken);
            }
            return await run.ExecuteAsync(cancellationToken);
        });
        return command;
    }

    private static GrpcRequest? GrpcRequestOf(string? json, string? proto, Dictionary<string, string> imports, bool reflection) =>
        json is null && proto is null && !reflection ? null : new GrpcRequest { Json = json, Proto = proto, Imports = imports, Reflection = reflection };

    /// <summary>IMPORT_PATH=FILE, or FILE standing for both (written with forward slashes, as import statements are).</summary>
    private static (string Path, string File) ImportOf(string value) =>
        value.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? (value[..at], value[(at + 1)..]) : (value.Replace('\\', '/'), value);

    private static async Task<Dictionary<string, string>> ReadImportsAsync(string[] values, CancellationToken cancellationToken)
    {
        var imports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, file) in values.Select(ImportOf))
            imports[path] = await File.ReadAllTextAsync(file, cancellationToken);
        return imports;
    }

    private static bool IsDnsLabel(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && name[0] != '-' && name[^1] != '-';

    private static int? ShardIndexFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX"), System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;

    private static Dictionary<string, string> Pairs(string[]? values, char separator) =>
        (values ?? []).Select(v => v.Split(separator, 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (SmpFormat.TryParseDuration(text, out var value))
            return value;
        if (double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        var option = (result.Parent as OptionResult)?.Option.Name ?? "The duration";
        result.AddError($"{option} '{text}' is not a duration; write it like 30s, 2m, 1m30s or 500ms.");
        return null;
    }
}
