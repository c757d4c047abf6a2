using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Meshdock.ProxyWasm;
using Meshdock.ProxyWasm.Abi;
using Meshdock.Server.Operations;
using Yarp.ReverseProxy.Forwarder;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>
/// One sandbox: a Kestrel listener on a loopback port inside the backend's process whose every request goes through
/// the loaded filter (if any) and is forwarded to the upstream with YARP's <see cref="IHttpForwarder"/>. It lives as
/// long as its operation: the operation's events carry the filter's log, and the operation ends when it stops.
/// </summary>
internal sealed class RunningSandbox : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FilterHost? host;
    private readonly FilterWorkers? workers;
    private readonly HttpMessageInvoker client;
    private readonly IHttpForwarder forwarder;
    private readonly SandboxOptions options;
    private readonly SandboxStats stats = new();
    private readonly Channel<FilterLogEntry> log;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long droppedLogLines;

    private RunningSandbox(string id, SandboxTarget target, IHttpForwarder forwarder, SandboxOptions options,
        DateTimeOffset startedAt, Func<Action<FilterLogEntry>, FilterHost?> loadFilter)
    {
        Id = id;
        Target = target;
        StartedAt = startedAt;
        this.forwarder = forwarder;
        this.options = options;
        log = Channel.CreateBounded<FilterLogEntry>(new BoundedChannelOptions(options.LogBacklog)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        host = loadFilter(Log);
        workers = host is null ? null : new FilterWorkers($"sandbox {id}", options.FilterWorkers, options.MaxConcurrentRequests, options.QueueTimeout);
        client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ActivityHeadersPropagator = null,
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(HandleAsync);
    }

    public string Id { get; }

    public SandboxTarget Target { get; }

    public DateTimeOffset StartedAt { get; }

    public string Url { get; private set; } = "";

    public string OperationId { get; set; } = "";

    /// <summary>Completes once the listener is closed and the filter unloaded.</summary>
    public Task Stopped => stopped.Task;

    /// <summary>Loads the filter and starts listening. Throws <see cref="FilterLoadException"/> when the filter cannot start.</summary>
    public static async Task<RunningSandbox> StartAsync(string id, SandboxTarget target, IHttpForwarder forwarder,
        SandboxOptions options, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var sandbox = new RunningSandbox(id, target, forwarder, options, startedAt, sink => target.Filter is { } filter
            ? FilterHost.Load(filter.Bytes, filter.PluginConfig, new FilterHostOptions
            {
                PluginName = filter.Module.Name,
                RootId = filter.RootId,
                VmConfiguration = filter.VmConfiguration,
                Log = sink,
                PoolSize = options.FilterWorkers,
            })
            : null);
        try
        {
            await sandbox.app.StartAsync(cancellationToken);
            sandbox.Url = sandbox.app.Urls.First().TrimEnd('/');
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public SandboxInfo Describe() => new(Id, Url, OperationId, Target.Filter?.Module.Id, Target.Filter?.Module.Name,
        Target.Filter?.PluginConfig, Target.Filter?.VmConfiguration, Target.Filter?.RootId, Target.Upstream, Target.UpstreamUrl, StartedAt, stats.Snapshot());

    /// <summary>The operation's work: streams the filter's log into its events until the sandbox is stopped (then it
    /// succeeds) or the operation is cancelled; either way the listener closes.</summary>
    public async Task RunAsync(OperationContext operation)
    {
        try
        {
            await operation.LogAsync(Target.Filter is { } filter
                ? $"Listening on {Url}: filter '{filter.Module.Name}' (sha256 {filter.Module.Sha256[..12]}…) in front of {Target.UpstreamUrl}."
                : $"Listening on {Url}: no filter, forwarding to {Target.UpstreamUrl}.");
            // Stopping completes the log channel: the loop drains what is left and ends; cancelling the operation
            // ends it at once.
            await foreach (var entry in log.Reader.ReadAllAsync(operation.CancellationToken))
            {
                await EmitAsync(operation, entry);
            }

            await operation.LogAsync($"Stopped after {stats.Snapshot().Requests} requests.");
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public void RequestStop() => log.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        if (stopped.Task.IsCompleted)
        {
            return;
        }

        try
        {
            await app.DisposeAsync();
        }
        finally
        {
            workers?.Dispose(); // first: the streams still open end on the workers, before their instances go
            host?.Dispose();
            client.Dispose();
            stopped.TrySetResult();
        }
    }

    private void Log(FilterLogEntry entry)
    {
        if (!log.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref droppedLogLines);
        }
    }

    private async Task EmitAsync(OperationContext operation, FilterLogEntry entry)
    {
        if (Interlocked.Exchange(ref droppedLogLines, 0) is var dropped and > 0)
        {
            await operation.WarnAsync($"{dropped} filter log lines were dropped: the filter logs faster than they can be stored.");
        }

        var data = new { level = entry.Level.ToString().ToLowerInvariant(), contextId = entry.ContextId, time = entry.Time };
        await (entry.Level >= ProxyLogLevel.Warn
            ? operation.WarnAsync(entry.Message, data)
            : operation.LogAsync(entry.Message, data));
    }

    private async Task HandleAsync(HttpContext context)
    {
        stats.Request();
        ForwarderError error;
        if (host is null)
        {
            error = await forwarder.SendAsync(context, Target.UpstreamUrl, client, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        }
        else if (!workers!.TryAdmit())
        {
            await FilteredExchange.WriteBusyAsync(context.Response,
                $"The sandbox's filter is busy with {options.MaxConcurrentRequests} requests already; send fewer at once.");
            return;
        }
        else
        {
            try
            {
                error = await FilterAndForwardAsync(context, host, workers);
            }
            finally
            {
                workers.Leave();
            }
        }

        if (error != ForwarderError.None)
        {
            stats.UpstreamError();
            await ExplainUpstreamErrorAsync(context, error);
        }
    }

    /// <summary>One request through the filter, whose code runs on the sandbox's workers.</summary>
    private async Task<ForwarderError> FilterAndForwardAsync(HttpContext context, FilterHost host, FilterWorkers workers)
    {
        var connection = context.Connection;
        var info = new RequestInfo
        {
            Source = connection.RemoteIpAddress is { } remote ? new IPEndPoint(remote, connection.RemotePort) : null,
            Destination = connection.LocalIpAddress is { } local ? new IPEndPoint(local, connection.LocalPort) : null,
            Protocol = context.Request.Protocol,
            RequestId = context.TraceIdentifier,
        };
        StreamContext stream;
        try
        {
            stream = await workers.RunAsync(() => host.CreateStream(info), context.RequestAborted);
        }
        catch (FilterBusyException e)
        {
            await FilteredExchange.WriteBusyAsync(context.Response, e.Message);
            return ForwarderError.None;
        }

        try
        {
            var exchange = new FilteredExchange(stream, workers, options, stats);
            return await exchange.FilterRequestAsync(context)
                ? await forwarder.SendAsync(context, Target.UpstreamUrl, client, ForwarderRequestConfig.Empty, exchange)
                : ForwarderError.None;
        }
        finally
        {
            workers.Post(stream.Dispose); // the filter's proxy_on_done/log/delete run too
        }
    }

    /// <summary>YARP has set 502/504 with an empty body; say what happened instead.</summary>
    private async Task ExplainUpstreamErrorAsync(HttpContext context, ForwarderError error)
    {
        var cause = context.GetForwarderErrorFeature()?.Exception?.Message;
        Log(new FilterLogEntry(DateTimeOffset.UtcNow, ProxyLogLevel.Warn, "sandbox", 0,
            $"Forwarding {context.Request.Method} {context.Request.Path} to {Target.UpstreamUrl} failed ({error}){(cause is null ? "" : $": {cause}")}"));
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            title = "Upstream unreachable",
            status = context.Response.StatusCode,
            detail = $"The sandbox could not get an answer from {Target.UpstreamUrl} ({error}); check that the upstream is running and its URL is right.",
        }));
    }
}
