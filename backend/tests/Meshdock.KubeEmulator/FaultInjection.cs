using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator;

/// <summary>
/// Which pods cannot pull their image. Tests change it at any time: a pod already in ImagePullBackOff recovers at
/// its next pull retry once its image or name no longer matches, as a real kubelet would after the image appears.
/// </summary>
public sealed class FaultInjection
{
    private readonly ConcurrentDictionary<string, bool> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _podPrefixes = new(StringComparer.Ordinal);

    public FaultInjection(KubeEmulatorOptions options)
    {
        foreach (var image in options.FailingImages) FailImage(image);
        foreach (var prefix in options.FailingPodPrefixes) FailPodsNamed(prefix);
    }

    /// <summary>Pods with a container whose image is this (with or without a tag or digest) fail to pull.</summary>
    public void FailImage(string image) => _images[image] = true;

    /// <summary>Pods whose name starts with this fail to pull their first container's image.</summary>
    public void FailPodsNamed(string prefix) => _podPrefixes[prefix] = true;

    public void Heal(string imageOrPrefix)
    {
        _images.TryRemove(imageOrPrefix, out _);
        _podPrefixes.TryRemove(imageOrPrefix, out _);
    }

    /// <summary>The image a pod cannot pull, or null when it can pull them all.</summary>
    public string? FailingImage(JsonObject pod)
    {
        var images = (pod.At("spec", "containers") as JsonArray)?.Select(c => c.Str("image") ?? "").ToList() ?? [];
        if (_podPrefixes.Keys.Any(p => pod.Name().StartsWith(p, StringComparison.Ordinal)) && images.Count > 0) return images[0];
        return images.FirstOrDefault(image => _images.Keys.Any(f =>
            image == f || image.StartsWith(f + ":", StringComparison.Ordinal) || image.StartsWith(f + "@", StringComparison.Ordinal)));
    }
}
