using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// For endpoints that need the cluster: when it cannot be reached, answer 503 problem+json whose detail is the
/// sentence saying why and what to do, instead of a 500. Add it to a group with <c>.AddEndpointFilter&lt;ClusterUnavailableFilter&gt;()</c>.
/// </summary>
public sealed class ClusterUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ClusterUnavailableException e)
        {
            return TypedResults.Problem(
                title: "Cluster unavailable",
                detail: e.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["failure"] = e.Kind.ToString(), ["context"] = e.Context });
        }
    }
}
