namespace Meshdock.Server.Operations;

public enum OperationStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>It was pending or running when the backend stopped; it will not resume.</summary>
    Interrupted,
}

public static class OperationStatusExtensions
{
    public static bool IsFinal(this OperationStatus status) => status is not (OperationStatus.Pending or OperationStatus.Running);

    /// <summary>The lowercase name used in JSON and in the database.</summary>
    public static string ToWire(this OperationStatus status) => status switch
    {
        OperationStatus.Pending => "pending",
        OperationStatus.Running => "running",
        OperationStatus.Succeeded => "succeeded",
        OperationStatus.Failed => "failed",
        OperationStatus.Cancelled => "cancelled",
        OperationStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
