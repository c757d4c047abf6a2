namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>What a sandbox has seen, counted from any request thread.</summary>
internal sealed class SandboxStats
{
    private long requests;
    private long localResponses;
    private long filterFailures;
    private long upstreamErrors;

    public void Request() => Interlocked.Increment(ref requests);

    public void LocalResponse() => Interlocked.Increment(ref localResponses);

    public void FilterFailure() => Interlocked.Increment(ref filterFailures);

    public void UpstreamError() => Interlocked.Increment(ref upstreamErrors);

    public SandboxCounters Snapshot() => new(Interlocked.Read(ref requests), Interlocked.Read(ref localResponses),
        Interlocked.Read(ref filterFailures), Interlocked.Read(ref upstreamErrors));
}
