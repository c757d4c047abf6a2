namespace Meshdock.Server.Docker;

public static class DockerRegistration
{
    public static IServiceCollection AddDockerEngine(this IServiceCollection services)
    {
        services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.Section);
        services.AddSingleton<DockerEngineProbe>();
        return services;
    }
}
