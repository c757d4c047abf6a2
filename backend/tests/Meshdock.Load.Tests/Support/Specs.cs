namespace Meshdock.Load.Tests.Support;

internal static class Specs
{
    public static LoadSpec For(string url, int connections = 4, long? requests = null, TimeSpan? duration = null, int? rps = null) => new()
    {
        Urls = [url],
        Connections = connections,
        Requests = requests,
        Duration = duration,
        Rps = rps,
        Timeout = TimeSpan.FromSeconds(5),
    };
}
