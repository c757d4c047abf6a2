namespace Meshdock.Load.Engine;

/// <summary>
/// What one request came to, as a connection hands it to <see cref="LoadRun.Record"/>. Times are nanosecond
/// timestamps: <see cref="Intended"/> is when the request should have gone out (the open model's schedule; the send
/// time in the closed model), <see cref="Start"/> when it did, <see cref="End"/> when its response was complete.
/// <see cref="GrpcStatus"/> is the grpc-status of a gRPC call's answer (-1 when there was none);
/// <see cref="ResponseBytes"/> and <see cref="HeaderBytes"/> the size of an HTTP/1.1 answer (-1 when not measured).
/// </summary>
internal readonly record struct Exchange(
    bool Measured,
    long Intended,
    long Start,
    long End,
    int Status,
    Exception? Failure,
    bool TimedOut,
    long Sent,
    long Received,
    int GrpcStatus = -1,
    long ResponseBytes = -1,
    long HeaderBytes = -1);
