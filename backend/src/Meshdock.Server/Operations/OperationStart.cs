namespace Meshdock.Server.Operations;

/// <summary>What <see cref="OperationService.StartAsync"/> did: started one, or found the target busy.</summary>
public abstract record OperationStart
{
    private OperationStart()
    {
    }

    public sealed record Started(string Id) : OperationStart;

    /// <summary>Another operation (<paramref name="RunningId"/>) is acting on the same target.</summary>
    public sealed record Busy(string RunningId, string Target) : OperationStart;

    /// <summary>202 with <c>{ "id" }</c> and a Location header, or 409 problem carrying <c>operationId</c>.</summary>
    public OperationStartResult ToHttpResult() => new(this);
}

/// <summary>The body of a 202 from any endpoint that starts an operation.</summary>
public sealed record OperationAccepted(string Id);
