using System.Diagnostics;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Robustness;

/// <summary>A data folder or a setting the server cannot work with stops it with exit code 1 and one sentence that
/// says what to do: no stack trace, no "BackgroundService failed".</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Data_pointing_at_a_file_is_named_with_what_to_do()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var (exitCode, output) = await ServerProcess.RunToExitAsync(file);

        AssertOneSentence(exitCode, output, $"--data {file} is a file, not a folder: point --data at a folder Meshdock may write to");
    }

    [Fact]
    public async Task Data_below_a_file_cannot_be_created_and_says_so()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "file");
        await File.WriteAllTextAsync(file, "x");
        var data = Path.Combine(file, "data");

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data);

        AssertOneSentence(exitCode, output, $"--data {data} cannot be written (a part of the path is not a folder): point --data at a folder this user may write to");
    }

    [Theory]
    [InlineData("garbage, not a database, long enough to fill the header of a SQLite file ...........", "it is not a SQLite database")]
    [InlineData("", null)] // an empty file is a new, empty database to SQLite
    public async Task A_corrupt_database_is_named_with_what_to_do(string content, string? reason)
    {
        using var data = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(data.Path, "meshdock.db"), content);

        if (reason is null)
        {
            await using var server = await ServerProcess.StartAsync(tcp: false, dataDirectory: data.Path);
            return;
        }

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data.Path);

        AssertOneSentence(exitCode, output, $"--data {data.Path}: meshdock.db cannot be read as a database ({reason}): move it away");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_folder_the_user_cannot_write_is_named_with_what_to_do()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "readonly");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var (exitCode, output) = await RunUnprivilegedAsync(data, Path.Combine(folder.Path, "s.sock"));

        AssertOneSentence(exitCode, output, $"--data {data} cannot be written (permission denied): point --data at a folder this user may write to");
    }

    [Theory]
    [InlineData("--Operations:RetentionDays=-1", "Operations:RetentionDays must be 0")]
    [InlineData("--Operations:MaxFinished=lots", "The setting Operations:MaxFinished has the value 'lots', which is not a whole number")]
    [InlineData("--Helm:ListCacheDuration=-00:00:01", "Helm:ListCacheDuration must be zero")]
    [InlineData("--Helm:ListCacheDuration=soon", "The setting Helm:ListCacheDuration has the value 'soon', which is not a time span such as 00:00:05")]
    public async Task A_bad_setting_is_the_sentence_alone(string argument, string sentence)
    {
        using var data = new TempFolder();

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data.Path, argument);

        AssertOneSentence(exitCode, output, sentence);
    }

    private static void AssertOneSentence(int exitCode, string output, string sentence)
    {
        Assert.Equal(1, exitCode);
        Assert.Contains(sentence, output, StringComparison.Ordinal);
        foreach (var noise in new[] { "   at ", "Exception", "BackgroundService", "fail:", "crit:" })
        {
            Assert.DoesNotContain(noise, output, StringComparison.Ordinal);
        }
    }

    /// <summary>The server as a user the folder is read-only to: nobody (through setpriv) when the tests run as root,
    /// who may write anywhere, else the current user.</summary>
    private static async Task<(int ExitCode, string Output)> RunUnprivilegedAsync(string data, string socket)
    {
        string[] asNobody = Environment.UserName == "root" ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
        var command = asNobody.Concat(["dotnet", ServerProcess.ServerDll, "--data", data, "--socket", socket]).ToList();
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = "/tmp";
        info.Environment["DOTNET_CLI_HOME"] = "/tmp";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
