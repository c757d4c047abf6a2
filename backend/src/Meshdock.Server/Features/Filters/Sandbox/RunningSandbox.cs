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
    private readonly WebApplication _app;
    private readonly FilterHost? _host;
    private readonly FilterWorkers? _workers;
    private readonly HttpMessageInvoker _client;
    private readonly IHttpForwarder _forwarder;
    private readonly SandboxOptions _options;
    private readonly SandboxStats _stats = new();
    private readonly Channel<FilterLogEntry> _log;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _droppedLogLines;

    private RunningSandbox(string id, SandboxTarget target, IHttpForwarder forwarder, SandboxOptions options,
        DateTimeOffset startedAt, Func<Action<FilterLogEntry>, FilterHost?> loadFilter)
    {
        Id = id;
        Target = target;
        StartedAt = startedAt;
        _forwarder = forwarder;
        _options = options;
        _log = Channel.CreateBounded<FilterLogEntry>(new BoundedChannelOptions(options.LogBacklog)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        _host = loadFilter(Log);
        _workers = _host is null ? null : new FilterWorkers($"sandbox {id}", options.FilterWorkers, options.MaxConcurrentRequests, options.QueueTimeout);
        _client = new HttpMessageInvoker(new SocketsHttpHandler
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
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public string Id { get; }

    public SandboxTarget Target { get; }

    public DateTimeOffset StartedAt { get; }

    public string Url { get; private set; } = "";

    public string OperationId { get; set; } = "";

    /// <summary>Completes once the listener is closed and the filter unloaded.</summary>
    public Task Stopped => _stopped.Task;

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
            await sandbox._app.StartAsync(cancellationToken);
            sandbox.Url = sandbox._app.Urls.First().TrimEnd('/');
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public SandboxInfo Describe() => new(Id, Url, OperationId, Target.Filter?.Module.Id, Target.Filter?.Module.Name,
        Target.Filter?.PluginConfig, Target.Filter?.VmConfiguration, Target.Filter?.RootId, Target.Upstream, Target.UpstreamUrl, StartedAt, _stats.Snapshot());

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
            await foreach (var entry in _log.Reader.ReadAllAsync(operation.CancellationToken))
            {
                await EmitAsync(operation, entry);
            }

            await operation.LogAsync($"Stopped after {_stats.Snapshot().Requests} requests.");
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public void RequestStop() => _log.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        if (_stopped.Task.IsCompleted)
        {
            return;
        }

        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            _workers?.Dispose(); // first: the streams still open end on the workers, before their instances go
            _host?.Dispose();
            _client.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void Log(FilterLogEntry entry)
    {
        if (!_log.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _droppedLogLines);
        }
    }

    private async Task EmitAsync(OperationContext operation, FilterLogEntry entry)
    {
        if (Interlocked.Exchange(ref _droppedLogLines, 0) is var dropped and > 0)
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
        _stats.Request();
        ForwarderError error;
        if (_host is null)
        {
            error = await _forwarder.SendAsync(context, Target.UpstreamUrl, _client, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        }
        else if (!_workers!.TryAdmit())
        {
            await FilteredExchange.WriteBusyAsync(context.Response,
                $"The sandbox's filter is busy with {_options.MaxConcurrentRequests} requests already; send fewer at once.");
            return;
        }
        else
        {
            try
            {
                error = await FilterAndForwardAsync(context, _host, _workers);
            }
            finally
            {
                _workers.Leave();
            }
        }

        if (error != ForwarderError.None)
        {
            _stats.UpstreamError();
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
            var exchange = new FilteredExchange(stream, workers, _options, _stats);
            return await exchange.FilterRequestAsync(context)
                ? await _forwarder.SendAsync(context, Target.UpstreamUrl, _client, ForwarderRequestConfig.Empty, exchange)
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
