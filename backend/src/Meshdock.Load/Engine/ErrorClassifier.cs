using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Meshdock.Load.Http1;
using Meshdock.Load.Http2;

namespace Meshdock.Load.Engine;

/// <summary>Sorts a failed request into an <see cref="ErrorKind"/> with a message a user can act on.</summary>
internal static class ErrorClassifier
{
    public static (ErrorKind Kind, string Message) Classify(Exception failure, bool timedOut, TimeSpan timeout, Uri target)
    {
        if (timedOut)
            return (ErrorKind.Timeout, $"No complete response from {Authority(target)} within the {Describe(timeout)} timeout.");
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException:
                    return (ErrorKind.Tls, $"TLS handshake with {Authority(target)} failed: {e.Message} Trust the server's CA or skip verification for a test server.");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (ErrorKind.ConnectRefused, $"Connection refused by {Authority(target)}: nothing listens there; check the URL and that the service is running.");
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return (ErrorKind.Timeout, $"Connecting to {Authority(target)} timed out.");
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return (ErrorKind.Reset, $"The connection to {Authority(target)} was reset by the server ({e.Message}).");
                case ConnectionClosedException:
                    return (ErrorKind.Reset, $"{e.Message} ({Authority(target)})");
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return (ErrorKind.Tls, $"TLS handshake with {Authority(target)} failed: {e.Message}");
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return (ErrorKind.Reset, $"The server {Authority(target)} closed the connection before the response was complete.");
                case Http2StreamException:
                    return (ErrorKind.Reset, $"{e.Message} ({Authority(target)})");
                case Http2ConnectionException:
                    return (ErrorKind.Other, $"{e.Message} ({Authority(target)})");
                case InvalidDataException:
                    return (ErrorKind.Other, $"Invalid HTTP response from {Authority(target)}: {e.Message}");
            }
        }
        return (ErrorKind.Other, $"Request to {Authority(target)} failed: {Innermost(failure).Message}");
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }

    private static string Authority(Uri target) => $"{target.Host}:{target.Port}";

    private static string Describe(TimeSpan value) =>
        value.TotalSeconds >= 1 ? $"{value.TotalSeconds:0.###} s" : $"{value.TotalMilliseconds:0.###} ms";
}
