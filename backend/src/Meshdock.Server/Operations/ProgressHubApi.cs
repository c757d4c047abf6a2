using Meshdock.Server.Platform.Hosting;
using Microsoft.AspNetCore.Http.Connections;

namespace Meshdock.Server.Operations;

public static class ProgressHubApi
{
    public const string Path = HubRoutes.Progress;

    public static IEndpointRouteBuilder MapProgressHub(this IEndpointRouteBuilder endpoints)
    {
        // WebSockets for the panel on the hub port and in standalone mode; long polling for clients that only reach
        // the Unix socket (tests, scripts).
        endpoints.MapHub<ProgressHub>(Path, options =>
            options.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling);
        return endpoints;
    }
}
