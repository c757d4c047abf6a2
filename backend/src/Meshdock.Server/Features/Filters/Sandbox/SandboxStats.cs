namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>What a sandbox has seen, counted from any request thread.</summary>
internal sealed class SandboxStats
{
    private long _requests;
    private long _localResponses;
    private long _filterFailures;
    private long _upstreamErrors;

    public void Request() => Interlocked.Increment(ref _requests);

    public void LocalResponse() => Interlocked.Increment(ref _localResponses);

    public void FilterFailure() => Interlocked.Increment(ref _filterFailures);

    public void UpstreamError() => Interlocked.Increment(ref _upstreamErrors);

    public SandboxCounters Snapshot() => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _localResponses),
        Interlocked.Read(ref _filterFailures), Interlocked.Read(ref _upstreamErrors));
}
