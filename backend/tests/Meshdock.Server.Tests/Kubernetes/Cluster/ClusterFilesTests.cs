
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ClusterFilesTests
{
    [Fact]
    public async Task Secrets_are_written_readable_by_the_owner_only_and_replaced_whole()
    {
        using var folder = new TempFolder();
        var files = new ClusterFiles(folder.Path);

        await files.WriteSecretAsync(files.UploadedKubeconfig, "first", default);
        await files.WriteSecretAsync(files.UploadedKubeconfig, "second", default);

        Assert.Equal("second", await File.ReadAllTextAsync(files.UploadedKubeconfig));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.UploadedKubeconfig));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(files.Folder));
        Assert.Equal([files.UploadedKubeconfig], Directory.GetFiles(files.Folder));
    }
}
