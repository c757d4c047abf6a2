namespace Meshdock.Server.Features.Apps;

public static class AppsServices
{
    public static IServiceCollection AddApps(this IServiceCollection services)
    {
        services.AddSingleton(_ => SampleAppCatalog.LoadEmbedded());
        services.AddSingleton<AppLifecycle>();
        services.AddSingleton<AppOverview>();
        return services;
    }
}
