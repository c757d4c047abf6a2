using System.Net;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Platform.Hosting;

/// <summary>Standalone mode's guards (docs/security.md): who may reach the API and the hub over TCP.</summary>
internal static partial class StandaloneSecurity
{
    private const string ConfiguredOriginsPolicy = "configured-origins";

    /// <summary>Checks <c>--allowed-hosts</c> and <c>--allowed-origins</c> at start-up and offers CORS to configured origins only.</summary>
    public static void AddStandaloneSecurity(this IServiceCollection services, MeshdockOptions options)
    {
        var trusted = new TrustedSources(options);
        services.AddSingleton(trusted);
        if (!options.ContainerMode && trusted.ConfiguredOrigins.Count > 0)
        {
            services.AddCors(cors => cors.AddPolicy(ConfiguredOriginsPolicy, policy => policy
                .WithOrigins([.. trusted.ConfiguredOrigins]).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));
        }
    }

    public static void UseStandaloneSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MeshdockOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StandaloneSecurity).FullName!);
        foreach (var endpoint in ListenAddresses.Parse(options.EffectiveUrls).Where(e => !IPAddress.IsLoopback(e.Address)))
        {
            logger.ListeningBeyondLoopback(endpoint.ToString());
        }

        // The guard first, so that a foreign origin's preflight is refused outright rather than answered without CORS headers.
        app.UseMiddleware<StandaloneRequestGuard>();
        if (app.Services.GetRequiredService<TrustedSources>().ConfiguredOrigins.Count > 0)
        {
            app.UseCors(ConfiguredOriginsPolicy);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Standalone mode listens on {Endpoint}, which is not a loopback address: any program on a machine that can reach it can "
        + "drive this Meshdock with your kubeconfig (install and remove meshes and apps, run load tests, read results); the Host and "
        + "Origin checks stop web pages, not other machines, and there is no login. Bind to 127.0.0.1 unless that is what you want")]
    private static partial void ListeningBeyondLoopback(this ILogger logger, string endpoint);
}
