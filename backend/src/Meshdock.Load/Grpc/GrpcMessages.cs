using System.Text.Json;
using Meshdock.Load.Grpc.Protobuf;

namespace Meshdock.Load.Grpc;

/// <summary>
/// Turns a run's <see cref="GrpcRequest"/> into the framed request message of each target's method, once, before
/// the run. The health check's request type is built in; other methods take theirs from a .proto file or from the
/// server's reflection service.
/// </summary>
public static class GrpcMessages
{
    /// <summary>The .proto file and its imports together.</summary>
    public const int MaxProtoChars = 1024 * 1024;

    public const int MaxImports = 100;

    // grpc.health.v1's request and response, declared here so the health check needs no file and its request can
    // still be given as JSON ({"service": "name"}).
    private const string HealthProto = """
        syntax = "proto3";
        package grpc.health.v1;
        message HealthCheckRequest { string service = 1; }
        message HealthCheckResponse {
          enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
          ServingStatus status = 1;
        }
        service Health { rpc Check(HealthCheckRequest) returns (HealthCheckResponse); }
        """;

    private static readonly Lazy<ProtoSchema> HealthSchema = new(() => ProtoParser.Parse(HealthProto, "grpc/health/v1/health.proto"));

    /// <summary>What is wrong with the gRPC part of <paramref name="spec"/> that can be known without the server:
    /// everything for a .proto file, the JSON's syntax for reflection.</summary>
    internal static IEnumerable<LoadSpecError> Check(LoadSpec spec)
    {
        var request = spec.Grpc;
        if (!spec.IsGrpc)
        {
            if (request is not null)
                yield return new("grpc", "A gRPC request applies to grpc:// or grpcs:// URLs only; remove it or change the URL.");
            yield break;
        }
        if (request is { Proto: not null, Reflection: true })
        {
            yield return new("grpc", "Choose either a .proto file or server reflection, not both.");
            yield break;
        }
        if (request is { Proto: null, Imports.Count: > 0 })
        {
            yield return new("grpc.imports", "Imported .proto files come with the .proto file that imports them; give that file as 'proto'.");
            yield break;
        }
        JsonDocument? json;
        string? problem;
        (json, problem) = ParseJson(request?.Json);
        if (problem is not null)
        {
            yield return new("grpc.json", problem);
            yield break;
        }
        using var document = json;
        ProtoSchema? schema = null;
        if (request?.Proto is { } proto)
        {
            (schema, problem, var field) = ParseProto(proto, request.Imports);
            if (problem is not null)
            {
                yield return new(field, problem);
                yield break;
            }
        }
        if (request?.Reflection == true)
            yield break;
        for (var i = 0; i < spec.Urls.Count; i++)
        {
            if (!Uri.TryCreate(spec.Urls[i], UriKind.Absolute, out var uri) || GrpcTarget.Check(uri, spec.Urls[i]) is not null)
                continue;
            var path = GrpcTarget.MethodPath(uri);
            var source = schema ?? (path == GrpcTarget.HealthCheckPath[1..] ? HealthSchema.Value : null);
            if (source is null)
            {
                yield return new($"urls[{i}]", $"'{spec.Urls[i]}' calls {path}; give its .proto file or choose server reflection so its request can be encoded (only the standard health check needs neither).");
                continue;
            }
            if (Encode(source, path, document, schema is null ? "built-in health check" : "the .proto file") is { Error: { } error, Field: var field })
                yield return new(field == "url" ? $"urls[{i}]" : "grpc.json", error);
        }
    }

    /// <summary>
    /// With server reflection, asks the server now and encodes the request against what it describes, so an API can
    /// refuse what does not fit (with the field it concerns) before it starts a run. Null when all is well or when
    /// there is nothing to ask.
    /// </summary>
    public static async Task<LoadSpecError?> CheckWithServerAsync(LoadSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.IsGrpc || spec.Grpc?.Reflection != true)
            return null;
        return (await ResolveAsync(spec, [.. spec.Urls.Select(url => new Uri(url))], cancellationToken).ConfigureAwait(false)).Error;
    }

    /// <summary>The framed request message for each URL of <paramref name="spec"/>, encoded once.</summary>
    /// <exception cref="LoadTargetException">Server reflection failed, or the request does not fit the method the server describes.</exception>
    internal static async Task<byte[][]> EncodeAsync(LoadSpec spec, IReadOnlyList<Uri> uris, CancellationToken cancellationToken)
    {
        var (messages, error) = await ResolveAsync(spec, uris, cancellationToken).ConfigureAwait(false);
        return error is null ? messages : throw new LoadTargetException(error.Message);
    }

    private static async Task<(byte[][] Messages, LoadSpecError? Error)> ResolveAsync(LoadSpec spec, IReadOnlyList<Uri> uris, CancellationToken cancellationToken)
    {
        var (json, problem) = ParseJson(spec.Grpc?.Json);
        if (problem is not null)
            return ([], new LoadSpecError("grpc.json", problem));
        using var document = json;
        var proto = spec.Grpc?.Proto is { } text ? ParseProto(text, spec.Grpc.Imports).Schema : null;
        var reflected = new Dictionary<string, ProtoSchema>(StringComparer.Ordinal);
        var messages = new byte[uris.Count][];
        for (var i = 0; i < uris.Count; i++)
        {
            var path = GrpcTarget.MethodPath(uris[i]);
            ProtoSchema schema;
            string source;
            if (spec.Grpc?.Reflection == true)
            {
                var service = path[..path.IndexOf('/', StringComparison.Ordinal)];
                var key = $"{uris[i].Scheme}://{uris[i].Authority}/{service}";
                if (!reflected.TryGetValue(key, out var found))
                {
                    try
                    {
                        reflected[key] = found = await GrpcReflection.LoadAsync(uris[i], service, spec, cancellationToken).ConfigureAwait(false);
                    }
                    catch (LoadTargetException e)
                    {
                        return ([], new LoadSpecError($"urls[{i}]", e.Message));
                    }
                }
                schema = found;
                source = $"server reflection at {uris[i].Authority}";
            }
            else
            {
                schema = proto ?? HealthSchema.Value;
                source = proto is null ? "built-in health check" : "the .proto file";
            }
            var (bytes, error, field) = Encode(schema, path, document, source);
            if (error is not null)
                return ([], new LoadSpecError(field == "url" ? $"urls[{i}]" : "grpc.json", error));
            messages[i] = bytes!;
        }
        return (messages, null);
    }

    private static (byte[]? Bytes, string? Error, string Field) Encode(ProtoSchema schema, string path, JsonDocument? json, string source)
    {
        if (!schema.Methods.TryGetValue(path, out var method))
        {
            var known = schema.Methods.Keys.Take(10).ToList();
            var list = known.Count == 0 ? "it defines no methods" : "it defines " + string.Join(", ", known);
            return (null, $"There is no method {path} in {source}; {list}.", "url");
        }
        if (method.ClientStreaming || method.ServerStreaming)
            return (null, $"{path} is a streaming method; load tests send unary calls only.", "url");
        try
        {
            var message = json is null ? [] : ProtoJsonEncoder.Encode(schema.Messages[method.InputType], json.RootElement);
            if (message.Length > LoadLimits.MaxBodyBytes)
                return (null, $"The request encodes to {message.Length:N0} bytes; the limit is {LoadLimits.MaxBodyBytes:N0}.", "request");
            return (GrpcTarget.Frame(message), null, "request");
        }
        catch (ProtoJsonException e)
        {
            return (null, $"{e.Message} ({method.InputType}, from {source})", "request");
        }
    }

    private static (JsonDocument? Json, string? Problem) ParseJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, null);
        if (json.Length > LoadLimits.MaxBodyBytes)
            return (null, $"The request JSON is {json.Length:N0} characters; the limit is {LoadLimits.MaxBodyBytes:N0}.");
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return (document, null);
            document.Dispose();
            return (null, "The request JSON must be an object, like {\"name\": \"world\"}.");
        }
        catch (JsonException e)
        {
            return (null, $"The request is not valid JSON: {e.Message}");
        }
    }

    private static (ProtoSchema? Schema, string? Problem, string Field) ParseProto(string proto, IReadOnlyDictionary<string, string>? imports)
    {
        imports ??= new Dictionary<string, string>();
        if (imports.Count > MaxImports)
            return (null, $"{imports.Count} imported .proto files are given; the limit is {MaxImports}.", "grpc.imports");
        foreach (var (path, text) in imports)
        {
            if (path.Length is 0 or > 500 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(part => part is "" or "." or ".."))
                return (null, $"'{Shorten(path)}' is not an import path; give each imported file under the path its import statement names, like \"acme/common/money.proto\".", "grpc.imports");
            if (text is null)
                return (null, $"The imported file \"{path}\" has no text.", "grpc.imports");
        }
        var total = proto.Length + imports.Sum(i => (long)i.Value.Length);
        if (total > MaxProtoChars)
            return (null, $"The .proto file{(imports.Count > 0 ? " and its imports are" : " is")} {total:N0} characters; the limit is {MaxProtoChars:N0}.", "grpc.proto");
        try
        {
            return (ProtoParser.Parse(proto, imports: imports), null, "grpc.proto");
        }
        catch (ProtoParseException e)
        {
            return (null, e.Message, "grpc.proto");
        }
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
