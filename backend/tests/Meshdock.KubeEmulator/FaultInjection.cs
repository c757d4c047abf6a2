using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator;

/// <summary>
/// Which pods cannot pull their image (ImagePullBackOff) and which crash after starting (CrashLoopBackOff).
/// Tests change it at any time: a pod recovers at its next retry once its image or name no longer matches, as it
/// would on a real node after the image appears or the bug is fixed.
/// </summary>
public sealed class FaultInjection
{
    private readonly ConcurrentDictionary<string, bool> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _podPrefixes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _crashImages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _crashPodPrefixes = new(StringComparer.Ordinal);

    public FaultInjection(KubeEmulatorOptions options)
    {
        foreach (var image in options.FailingImages) FailImage(image);
        foreach (var prefix in options.FailingPodPrefixes) FailPodsNamed(prefix);
        foreach (var image in options.CrashingImages) CrashImage(image);
        foreach (var prefix in options.CrashingPodPrefixes) CrashPodsNamed(prefix);
    }

    /// <summary>Pods with a container whose image is this (with or without a tag or digest) fail to pull.</summary>
    public void FailImage(string image) => _images[image] = true;

    /// <summary>Pods whose name starts with this fail to pull their first container's image.</summary>
    public void FailPodsNamed(string prefix) => _podPrefixes[prefix] = true;

    /// <summary>Containers with this image (with or without a tag or digest) exit with an error after starting, again and again.</summary>
    public void CrashImage(string image) => _crashImages[image] = true;

    /// <summary>Pods whose name starts with this have their first container crash after starting, again and again.</summary>
    public void CrashPodsNamed(string prefix) => _crashPodPrefixes[prefix] = true;

    /// <summary>Removes every fault registered under this image or name prefix.</summary>
    public void Heal(string imageOrPrefix)
    {
        _images.TryRemove(imageOrPrefix, out _);
        _podPrefixes.TryRemove(imageOrPrefix, out _);
        _crashImages.TryRemove(imageOrPrefix, out _);
        _crashPodPrefixes.TryRemove(imageOrPrefix, out _);
    }

    /// <summary>The image a pod cannot pull, or null when it can pull them all.</summary>
    public string? FailingImage(JsonObject pod) => Match(pod, _images, _podPrefixes)?.Str("image");

    /// <summary>The name of the container of this pod that crashes, or null.</summary>
    public string? CrashingContainer(JsonObject pod) => Match(pod, _crashImages, _crashPodPrefixes)?.Str("name");

    private static JsonNode? Match(JsonObject pod, ConcurrentDictionary<string, bool> images, ConcurrentDictionary<string, bool> prefixes)
    {
        var containers = (pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (containers.Count > 0 && prefixes.Keys.Any(p => pod.Name().StartsWith(p, StringComparison.Ordinal))) return containers[0];
        return containers.FirstOrDefault(c => c.Str("image") is { } image && images.Keys.Any(f =>
            image == f || image.StartsWith(f + ":", StringComparison.Ordinal) || image.StartsWith(f + "@", StringComparison.Ordinal)));
    }
}
