using System.Text.RegularExpressions;
using Meshdock.Server.Platform.Data;
using Meshdock.Server.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Platform;

/// <summary>
/// What must hold before any service starts (it sits above Hosting and Data because it checks both): every setting valid and the data folder usable. A problem is printed
/// as one sentence and the process exits with 1; once services have started, the same problems surface as a host
/// failure with stack traces and "BackgroundService failed" lines that do not say what to do.
/// </summary>
public static partial class StartupCheck
{
    public static void ExitOnProblem(WebApplication app)
    {
        if (Problem(app.Services) is { } sentence)
        {
            Console.Error.WriteLine(sentence);
            Environment.Exit(1);
        }
    }

    internal static string? Problem(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return DataFolderCheck.Problem(services.GetRequiredService<IOptions<MeshdockOptions>>().Value.DataDirectory);
        }
        catch (OptionsValidationException e)
        {
            return string.Join(" ", e.Failures);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            return string.Join(" ", e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures));
        }
        catch (InvalidOperationException e) when (NotConvertible().Match(e.Message) is { Success: true } setting)
        {
            return $"The setting {setting.Groups["key"].Value} has the value '{setting.Groups["value"].Value}', which is not {Kind(setting.Groups["type"].Value)}: fix it on the command line (--{setting.Groups["key"].Value}=...) or in the environment.";
        }
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a time span such as 00:00:05",
        _ => $"a {type.Split('.')[^1]}",
    };

    // Microsoft.Extensions.Configuration.Binder: "Failed to convert configuration value 'x' at 'Section:Key' to type 'System.Int32'."
    [GeneratedRegex("configuration value '(?<value>[^']*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex NotConvertible();
}
