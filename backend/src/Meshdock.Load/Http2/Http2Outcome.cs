namespace Meshdock.Load.Http2;

/// <summary>
/// How one stream ended: the HTTP status and the grpc-status (-1 when absent) of its answer, or its failure. <see cref="Retry"/>: the server never processed the request (a GOAWAY below its stream id,
/// REFUSED_STREAM), so it is sent again on a new connection rather than counted.
/// </summary>
internal readonly record struct Http2Outcome(int Status, int GrpcStatus, Exception? Failure, bool Retry);

/// <summary>What a connection's driver (event loop or async) does with streams the session finishes.</summary>
internal interface IHttp2StreamOwner
{
    void OnStreamEnded(int slot, in Http2Outcome outcome);
}
