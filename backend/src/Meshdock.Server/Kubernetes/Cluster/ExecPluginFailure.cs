using k8s.Exceptions;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// KubernetesClient reports a failing exec credential plugin as a KubeConfigException whose message embeds the inner
/// exception with its stack trace. The user gets one sentence instead, chosen by what went wrong.
/// </summary>
public static class ExecPluginFailure
{
    private const string Prefix = "external exec failed";

    /// <summary>The KubeConfigException raised by an exec plugin, anywhere in the chain; null when there is none.</summary>
    public static KubeConfigException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is KubeConfigException k && k.Message.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }

    public static string Describe(string user, string command, KubeConfigException exception)
    {
        var message = exception.Message;
        var what = message switch
        {
            _ when message.StartsWith($"{Prefix} due to timeout", StringComparison.Ordinal) => "did not finish in time",
            _ when message.Contains("exit code", StringComparison.Ordinal) => "exited with an error",
            _ when message.StartsWith($"{Prefix} because api version", StringComparison.Ordinal) => "printed an ExecCredential of another apiVersion than the kubeconfig asks for",
            _ when message.StartsWith($"{Prefix} missing token", StringComparison.Ordinal) => "printed an ExecCredential without a token or client certificate",
            _ when message.StartsWith($"{Prefix} due to failed deserialization", StringComparison.Ordinal) => "did not print an ExecCredential (JSON) on its standard output",
            _ when message.StartsWith($"{Prefix} due to uncaught exception", StringComparison.Ordinal) => "could not be run or did not print an ExecCredential",
            _ => "could not be started",
        };
        return $"The exec credential plugin of user '{user}' ({command}) {what}: run the command in a terminal to see why, "
            + "fix it or sign in with its CLI, then refresh.";
    }
}
