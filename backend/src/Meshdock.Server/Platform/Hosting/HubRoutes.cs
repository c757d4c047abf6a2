namespace Meshdock.Server.Platform.Hosting;

/// <summary>Where the SignalR hubs are mapped; the hub port's guard lets through these paths only.</summary>
public static class HubRoutes
{
    public const string Progress = "/hubs/progress";
}
