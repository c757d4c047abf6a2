namespace Meshdock.Load.Tests.GrpcMethods;

internal static class EchoProto
{
    public const string Request = "meshdock.loadtest.v1.SayRequest";

    /// <summary>echo.proto as the user would upload it.</summary>
    public static string Text => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "GrpcMethods", "Protos", "echo.proto"));
}
