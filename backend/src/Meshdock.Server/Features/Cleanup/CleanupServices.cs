namespace Meshdock.Server.Features.Cleanup;

public static class CleanupServices
{
    public static IServiceCollection AddCleanup(this IServiceCollection services)
    {
        services.AddSingleton<ClusterCleanup>();
        return services;
    }
}
