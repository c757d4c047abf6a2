namespace Meshdock.Server.Features.Filters.Sandbox;

public static class SandboxServices
{
    /// <summary>The filter sandbox and its embedded Image Hub. Needs <c>AddFilters()</c> and <c>AddOperations()</c>.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddHttpForwarder();
        services.AddSingleton<ImageHubUpstream>();
        services.AddSingleton<SandboxManager>();
        services.AddSingleton<SampleRequestSender>();
        return services;
    }
}
