namespace Meshdock.Server.Platform.Data;

public static class DataServices
{
    /// <summary>Registers the database; it is created and migrated on start, before anything else uses it.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddSingleton<Database>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
