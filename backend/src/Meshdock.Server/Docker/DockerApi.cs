namespace Meshdock.Server.Docker;

public static class DockerApi
{
    public static IEndpointRouteBuilder MapDockerEngine(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/docker").WithTags("Docker")
            .MapGet("/", (DockerEngineProbe probe, CancellationToken cancellationToken) => probe.ProbeAsync(cancellationToken))
            .WithName("GetDockerEngine")
            .WithSummary("The Docker engine (version, OS) and whether Docker Desktop's Kubernetes seems to run; a hint only.");
        return app;
    }
}
