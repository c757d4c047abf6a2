using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Meshdock.Load.Engine;
using Meshdock.Load.Grpc.Protobuf;

namespace Meshdock.Load.Grpc;

/// <summary>
/// A client of gRPC server reflection (ServerReflectionInfo of grpc.reflection.v1, or v1alpha for older servers):
/// asks for the file that defines a service, then for every file it depends on, and builds the schema from them.
/// Each question is its own call with one request message, over HTTP/2 (h2c for grpc://, TLS for grpcs://).
/// </summary>
internal static class GrpcReflection
{
    private static readonly string[] Services = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];
    private const int MaxFiles = 500;
    private const int MaxResponseBytes = 16 * 1024 * 1024;

    public static async Task<ProtoSchema> LoadAsync(Uri target, string service, LoadSpec spec, CancellationToken cancellationToken)
    {
        using var tls = new TlsSettings(spec);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = tls.Callback },
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.Timeout < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : spec.Timeout);
        var baseUri = new UriBuilder(target) { Scheme = target.Scheme == GrpcTarget.TlsScheme ? "https" : "http", Path = "" }.Uri;
        var where = $"{target.Host}:{target.Port}";
        try
        {
            string? reflectionService = null;
            List<FileDescriptorProto>? first = null;
            foreach (var candidate in Services)
            {
                first = await AskAsync(client, baseUri, candidate, spec, symbol: service, fileName: null, deadline.Token).ConfigureAwait(false);
                if (first is not null)
                {
                    reflectionService = candidate;
                    break;
                }
            }
            if (reflectionService is null || first is null)
                throw new LoadTargetException($"The server at {where} does not offer server reflection (grpc.reflection.v1 or v1alpha answered UNIMPLEMENTED); give the method's .proto file instead.");
            var files = new Dictionary<string, FileDescriptorProto>(StringComparer.Ordinal);
            var pending = new Queue<FileDescriptorProto>(first);
            while (pending.TryDequeue(out var file))
            {
                if (!files.TryAdd(file.Name, file))
                    continue;
                if (files.Count > MaxFiles)
                    throw new LoadTargetException($"Server reflection at {where} named more than {MaxFiles} files for {service}; give the method's .proto file instead.");
                foreach (var dependency in file.Dependency.Where(d => !files.ContainsKey(d)))
                    foreach (var more in await AskAsync(client, baseUri, reflectionService, spec, symbol: null, fileName: dependency, deadline.Token).ConfigureAwait(false) ?? [])
                        pending.Enqueue(more);
            }
            return DescriptorSchema.FromFiles(files.Values);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadTargetException($"Server reflection at {where} did not answer in time.");
        }
        catch (HttpRequestException e)
        {
            throw new LoadTargetException($"Server reflection at {where} failed: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new LoadTargetException($"Server reflection at {where} sent a message that is not valid protobuf ({e.Message}).", e);
        }
        catch (ProtoParseException e)
        {
            throw new LoadTargetException($"Server reflection at {where}: {e.Message}", e);
        }
    }

    /// <summary>One reflection question; null when the server does not implement this reflection service.</summary>
    private static async Task<List<FileDescriptorProto>?> AskAsync(HttpClient client, Uri baseUri, string reflectionService, LoadSpec spec,
        string? symbol, string? fileName, CancellationToken cancellationToken)
    {
        var question = new ProtoWriter();
        // ServerReflectionRequest: file_by_filename = 3, file_containing_symbol = 4.
        question.Tag(symbol is null ? 3 : 4, ProtoWriter.LengthDelimited);
        question.WriteLengthDelimited(System.Text.Encoding.UTF8.GetBytes(symbol ?? fileName!));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"/{reflectionService}/ServerReflectionInfo"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcTarget.Frame(question.Written)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        foreach (var (name, value) in spec.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        if (status == "12")
            return null;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoadTargetException($"Server reflection answered HTTP {(int)response.StatusCode}; is {baseUri.Authority} a gRPC server?");
        if (status is not "0")
        {
            var code = int.TryParse(status, out var n) ? GrpcStatusCodes.Name(n) : "no grpc-status";
            var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
            throw new LoadTargetException($"Server reflection answered {code}{(message is null ? "" : $" ({Uri.UnescapeDataString(message)})")}.");
        }
        if (body.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) is var length && length > body.Length - 5 || body[0] != 0)
            throw new LoadTargetException("Server reflection answered without a complete, uncompressed message.");
        return ReadResponse(body.AsMemory(5, (int)length), symbol ?? fileName!);
    }

    private static List<FileDescriptorProto> ReadResponse(ReadOnlyMemory<byte> message, string asked)
    {
        var files = new List<FileDescriptorProto>();
        var input = new CodedInputStream(message.ToArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 4: // file_descriptor_response { repeated bytes file_descriptor_proto = 1; }
                    var inner = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint innerTag;
                    while ((innerTag = inner.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(innerTag) == 1)
                            files.Add(FileDescriptorProto.Parser.ParseFrom(inner.ReadBytes()));
                        else
                            inner.SkipLastField();
                    }
                    break;
                case 7: // error_response { int32 error_code = 1; string error_message = 2; }
                    var error = new CodedInputStream(input.ReadBytes().ToByteArray());
                    int code = 0;
                    var text = "";
                    uint errorTag;
                    while ((errorTag = error.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(errorTag))
                        {
                            case 1: code = error.ReadInt32(); break;
                            case 2: text = error.ReadString(); break;
                            default: error.SkipLastField(); break;
                        }
                    }
                    throw new LoadTargetException(code == 5
                        ? $"The server's reflection service does not know {asked} (NOT_FOUND); check the service name in the URL."
                        : $"The server's reflection service answered {GrpcStatusCodes.Name(code)} for {asked}{(text.Length > 0 ? $": {text}" : "")}.");
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return files;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
            throw new LoadTargetException($"Server reflection answered more than {MaxResponseBytes / 1024 / 1024} MiB.");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
                throw new LoadTargetException($"Server reflection answered more than {MaxResponseBytes / 1024 / 1024} MiB.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
