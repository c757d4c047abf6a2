namespace Meshdock.Load.Cluster;

/// <summary>
/// What a failed runner pod's sentence tells the user to do, in the words of where the run was started (the server's
/// settings or the CLI's options).
/// </summary>
/// <param name="Image">The image the pods run.</param>
/// <param name="ImageFix">What to do about an image the cluster cannot pull.</param>
/// <param name="CliFix">Where to set the CLI's path inside the image.</param>
public sealed record RunnerAdvice(string Image, string ImageFix, string CliFix);
