using System.Text;
using Meshdock.ProxyWasm.Abi;
using Meshdock.ProxyWasm.Validation;

namespace Meshdock.ProxyWasm.Runtime;

/// <summary>What every instance of one host shares: options, configurations, shared data, metrics and the log sink.</summary>
internal sealed class HostContext(FilterHostOptions options, string pluginConfiguration, ModuleReport module)
{
    public FilterHostOptions Options { get; } = options;

    public ModuleReport Module { get; } = module;

    public byte[] PluginConfiguration { get; } = Encoding.UTF8.GetBytes(pluginConfiguration);

    public byte[] VmConfiguration { get; } = Encoding.UTF8.GetBytes(options.VmConfiguration);

    public SharedDataStore SharedData { get; } = options.SharedData ?? new SharedDataStore();

    public MetricsStore Metrics { get; } = new();

    public void Log(ProxyLogLevel level, int contextId, string message)
    {
        if (level < Options.LogLevel || Options.Log is not { } sink)
        {
            return;
        }

        try
        {
            sink(new FilterLogEntry(Options.Clock.GetUtcNow(), level, Options.PluginName, contextId, message));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the sink runs inside the filter's call: its failure must not become the filter's trap
        }
    }
}
