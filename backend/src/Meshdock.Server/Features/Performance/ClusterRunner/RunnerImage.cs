using Meshdock.Server.Platform.Docker;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>
/// The image the runner pods run: <c>Perf:RunnerImage</c> when set; in container mode the extension's own image,
/// asked of the Docker engine as the hub's port is (so the pods run exactly the CLI this backend was built with);
/// otherwise <see cref="PerfOptions.DefaultRunnerImage"/>.
/// </summary>
public sealed partial class RunnerImage(IOptions<PerfOptions> perf, IOptions<MeshdockOptions> meshdock, ILogger<RunnerImage> logger)
{
    private string? _own;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(perf.Value.RunnerImage))
        {
            return perf.Value.RunnerImage.Trim();
        }

        if (!meshdock.Value.ContainerMode)
        {
            return PerfOptions.DefaultRunnerImage;
        }

        if (_own is not null)
        {
            return _own;
        }

        try
        {
            var container = await OwnContainer.InspectAsync(meshdock.Value.DockerSocket, cancellationToken);
            if (container.Config?.Image is { Length: > 0 } image)
            {
                return _own = image;
            }
        }
        catch (Exception e) when (OwnContainer.IsEngineFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            OwnImageUnknown(logger, e.Message);
        }

        return PerfOptions.DefaultRunnerImage;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the Docker engine for this extension's image; the cluster runner uses the default image: {Reason}")]
    private static partial void OwnImageUnknown(ILogger logger, string reason);
}
