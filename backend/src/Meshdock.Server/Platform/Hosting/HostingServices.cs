using Microsoft.AspNetCore.HttpLogging;

namespace Meshdock.Server.Platform.Hosting;

public static class HostingServices
{
    private const string HubCorsPolicy = "hub";

    /// <summary>
    /// Binds <see cref="MeshdockOptions"/> from the command line and configuration and turns them into explicit
    /// Kestrel endpoints: the Unix socket (container mode) and the TCP address(es) from <c>--urls</c>.
    /// </summary>
    public static WebApplicationBuilder AddMeshdockHosting(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var section = configuration.GetSection(MeshdockOptions.Section);
        if (string.IsNullOrWhiteSpace(section[nameof(MeshdockOptions.Urls)])
            && configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } hostUrls)
        {
            section[nameof(MeshdockOptions.Urls)] = hostUrls; // ASPNETCORE_URLS still works, through the same path
        }

        // Kestrel ignores the host's URLs once an endpoint is configured in code (and logs "Overriding address(es)"),
        // so every endpoint is configured below and the host setting is cleared.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);

        var options = section.Get<MeshdockOptions>() ?? new MeshdockOptions();
        builder.Services.AddOptions<MeshdockOptions>().BindConfiguration(MeshdockOptions.Section);
        builder.Services.AddStandaloneSecurity(options);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.ContainerMode)
            {
                var socket = Path.GetFullPath(options.Socket!);
                PrepareSocketPath(socket);
                kestrel.ListenUnixSocket(socket);
            }

            foreach (var endpoint in ListenAddresses.Parse(options.EffectiveUrls))
            {
                kestrel.Listen(endpoint);
            }
        });

        // The default "Request starting ..." lines print query strings, and the hub token travels in one
        // (access_token). Requests are logged by HttpLogging instead, with the path but never the query.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddHttpLogging(logging =>
        {
            logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });

        builder.Services.AddHostedService<StartupTrim>();
        builder.Services.AddRequestBodyLimits();

        builder.Services.ConfigureHttpJsonOptions(json => MeshdockJson.Configure(json.SerializerOptions));

        // On the hub's TCP port (container mode) the panel connects from its own origin; the session token,
        // not the origin, is the guard there.
        builder.Services.AddCors(cors => cors.AddPolicy(HubCorsPolicy, policy => policy
            .SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));

        return builder;
    }

    /// <summary>The middleware every request passes through, in order.</summary>
    public static WebApplication UseMeshdockHosting(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MeshdockOptions>>().Value.ContainerMode)
        {
            app.UseCors(HubCorsPolicy);
            app.UseMiddleware<HubPortGuard>();
        }
        else
        {
            app.UseStandaloneSecurity();
        }

        if (Directory.Exists(app.Environment.WebRootPath))
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        app.UseRouting();
        app.UseMiddleware<UiFallback>();
        return app;
    }

    // A socket file left behind by a killed process makes the bind fail; its folder may not exist yet.
    private static void PrepareSocketPath(string socket)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        if (File.Exists(socket))
        {
            File.Delete(socket);
        }
    }
}
