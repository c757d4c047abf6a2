using Meshdock.Bench.Footprint;

// footprint measure --server PATH/Meshdock.Server.dll [--report docs/performance.md]
// footprint bare-host SOCKET   (the comparison peer, started by "measure")
return args switch
{
    ["bare-host", var socket] => await BareHost.RunAsync(socket),
    ["measure", "--server", var server, "--report", var report] => await Measure.RunAsync(server, report),
    ["measure", "--server", var server] => await Measure.RunAsync(server, report: null),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: footprint measure --server PATH/Meshdock.Server.dll [--report docs/performance.md]");
    return 2;
}
