using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.MetricsServer;

public static class MetricsServerApi
{
    public static IEndpointRouteBuilder MapMetricsServer(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/metrics-server").WithTags("Metrics server");
        group.MapGet("/", StatusAsync).WithName("MetricsServerStatus")
            .WithSummary("Whether the cluster serves the metrics API (installed, missing, not-ready) and what a load test loses without it");
        group.MapPost("/install", InstallAsync).WithName("InstallMetricsServer")
            .WithSummary("Install metrics-server from its upstream chart with --kubelet-insecure-tls (an operation)");
        return endpoints;
    }

    private static async Task<Results<Ok<MetricsServerStatus>, ProblemHttpResult>> StatusAsync(
        ClusterConnection cluster, OperationService operations, IOptions<MetricsServerOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            var client = await cluster.GetClientAsync(cancellationToken);
            var api = await MetricsServerProbe.CheckAsync(client, cancellationToken);
            var installing = operations.Running().Any(o => o.Target == MetricsServerOperations.Target);
            return TypedResults.Ok(MetricsServerStatus.Of(api, options.Value.Version, installing));
        }
        catch (ClusterUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster cannot be reached");
        }
    }

    private static async Task<OperationStartResult> InstallAsync(
        MetricsServerInstaller installer, OperationService operations, IOptions<MetricsServerOptions> options) =>
        (await operations.StartAsync(MetricsServerOperations.InstallKind, MetricsServerOperations.Target,
            $"Installing metrics-server (chart {options.Value.Version})", installer.InstallAsync)).ToHttpResult();
}
