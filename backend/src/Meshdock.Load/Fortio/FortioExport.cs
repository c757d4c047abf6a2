using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meshdock.Load.Histograms;
using Meshdock.Load.Smp;

namespace Meshdock.Load.Fortio;

/// <summary>
/// Writes a run in Fortio's JSON result shape so it opens in tools that read Fortio (durations in seconds,
/// <c>ActualDuration</c> in nanoseconds). The histogram is Meshdock's headline latency: coordinated-omission corrected
/// in the open model, which Fortio itself does not do.
/// </summary>
public static class FortioExport
{
    private static readonly double[] Percentiles = [50, 75, 90, 99, 99.9];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Why a run with <paramref name="spec"/> cannot be written in Fortio's format, or null when it can. Fortio's gRPC
    /// runner counts calls by the health check's serving status (SERVING, NOT_SERVING, ...) or as ERROR, not by gRPC
    /// status code, so a gRPC run's codes have no place there and writing them in its HTTP shape would misname them.
    /// </summary>
    public static string? Refusal(LoadSpec spec) => spec.IsGrpc ? GrpcRefusal : null;

    public const string GrpcRefusal =
        "Fortio's format has no gRPC status codes (its gRPC results count SERVING or ERROR), so a gRPC run is exported as SMP only.";

    public static string ToJson(LoadResult result, string? labels = null) => ToNode(result, labels).ToJsonString(Indented);

    /// <exception cref="InvalidOperationException">The run is one <see cref="Refusal"/> refuses.</exception>
    public static JsonObject ToNode(LoadResult result, string? labels = null)
    {
        var spec = result.Spec;
        if (Refusal(spec) is { } refusal)
            throw new InvalidOperationException(refusal);
        var latency = result.Latency;
        var retCodes = new JsonObject(result.StatusCodes.OrderBy(p => p.Key)
            .Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)p.Value)));
        if (result.ErrorCount > 0)
            retCodes["-1"] = result.ErrorCount; // Fortio's code for requests that got no HTTP answer

        var node = new JsonObject
        {
            ["RunType"] = "HTTP",
            ["Labels"] = labels ?? "",
            ["StartTime"] = result.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["RequestedQPS"] = spec.Rps is { } rps ? rps.ToString(CultureInfo.InvariantCulture) : "max",
            ["RequestedDuration"] = spec.Duration is { } duration ? SmpFormat.FormatDuration(duration) : $"exactly {spec.Requests} calls",
            ["ActualQPS"] = result.ActualRps,
            ["ActualDuration"] = (long)(result.DurationSeconds * 1e9),
            ["NumThreads"] = spec.Connections,
            ["Version"] = "meshdock " + typeof(FortioExport).Assembly.GetName().Version?.ToString(3),
            ["DurationHistogram"] = Histogram(latency),
        };
        // Fortio's report counts errors from this histogram; without it, it counts every status but 200 as an error.
        if (result.ErrorLatency is { } errors)
            node["ErrorsDurationHistogram"] = Histogram(errors);
        node["Exactly"] = spec.Requests ?? 0;
        // Meshdock's open model sends on one evenly spaced timeline across all connections (Fortio's -uniform), without
        // jitter, and sends a late request as soon as its connection is free (Fortio's catch-up).
        node["Jitter"] = false;
        node["Uniform"] = spec.Model == LoadModel.Open;
        node["NoCatchUp"] = false;
        node["RetCodes"] = retCodes;
        node["URL"] = spec.Urls[0];
        node["NumConnections"] = spec.Connections;
        node["SocketCount"] = spec.Connections;
        // Fortio's fast HTTP/1.1 client records the whole response (its "Body/Total Sizes") and the header part.
        if (result.ResponseSizes is { } sizes)
            node["Sizes"] = SizeHistogram(sizes);
        if (result.HeaderSizes is { } headerSizes)
            node["HeaderSizes"] = SizeHistogram(headerSizes);
        return node;
    }

    /// <summary>
    /// Fortio's HistogramData in seconds. The histogram covers answered requests (requests with no answer have no
    /// latency in Meshdock; they are counted under RetCodes -1). Buckets are Meshdock's logarithmic ones, the first
    /// starting at Min and the last ending at Max as Fortio's do; Percentiles is left out when there is no sample.
    /// </summary>
    private static JsonObject Histogram(LatencyStats latency)
    {
        var histogram = new JsonObject
        {
            ["Count"] = latency.Count,
            ["Min"] = Seconds(latency.MinMs),
            ["Max"] = Seconds(latency.MaxMs),
            ["Sum"] = Seconds(latency.MeanMs * latency.Count),
            ["Avg"] = Seconds(latency.MeanMs),
            ["StdDev"] = Seconds(latency.StdDevMs),
            ["Data"] = Buckets(latency),
        };
        if (latency.Count > 0)
        {
            var hdr = HistogramCodec.Decode(latency.Histogram);
            histogram["Percentiles"] = new JsonArray([.. Percentiles.Select(p => (JsonNode)new JsonObject
            {
                ["Percentile"] = p,
                ["Value"] = Seconds(Math.Clamp(LatencyHistograms.ToMs(hdr.GetValueAtPercentile(p)), latency.MinMs, latency.MaxMs)),
            })]);
        }
        return histogram;
    }

    private static JsonArray Buckets(LatencyStats latency)
    {
        var buckets = new JsonArray();
        long cumulative = 0;
        var filled = latency.Distribution.Where(b => b.Count > 0).ToList();
        for (var i = 0; i < filled.Count; i++)
        {
            var bucket = filled[i];
            cumulative += bucket.Count;
            buckets.Add(new JsonObject
            {
                ["Start"] = Seconds(i == 0 ? latency.MinMs : Math.Clamp(bucket.FromMs, latency.MinMs, latency.MaxMs)),
                ["End"] = Seconds(i == filled.Count - 1 ? latency.MaxMs : Math.Clamp(bucket.ToMs, latency.MinMs, latency.MaxMs)),
                ["Percent"] = Math.Round(100.0 * cumulative / latency.Count, 4),
                ["Count"] = bucket.Count,
            });
        }
        return buckets;
    }

    /// <summary>Fortio's HistogramData in bytes; Fortio writes no percentiles for sizes (null), so none here either.</summary>
    private static JsonObject SizeHistogram(SizeStats sizes)
    {
        var data = new JsonArray();
        long cumulative = 0;
        foreach (var bucket in sizes.Buckets)
        {
            cumulative += bucket.Count;
            data.Add(new JsonObject
            {
                ["Start"] = bucket.Start,
                ["End"] = bucket.End,
                ["Percent"] = Math.Round(100.0 * cumulative / sizes.Count, 4),
                ["Count"] = bucket.Count,
            });
        }
        return new JsonObject
        {
            ["Count"] = sizes.Count,
            ["Min"] = sizes.Min,
            ["Max"] = sizes.Max,
            ["Sum"] = sizes.Sum,
            ["Avg"] = sizes.Avg,
            ["StdDev"] = sizes.StdDev,
            ["Data"] = data,
            ["Percentiles"] = null,
        };
    }

    private static double Seconds(double ms) => Math.Round(ms / 1000, 9);
}
