using System.Diagnostics;

namespace TypedTools.Tests.Harness;

/// <summary>Runs a command line to completion and returns its output; a non-zero exit code fails with what it printed.</summary>
public static class Processes
{
    public static async Task<string> RunAsync(string command, IEnumerable<string> arguments, string workingDirectory,
        CancellationToken cancellationToken, string stdin = "")
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A dotnet command started from inside a test run must not inherit the runner's MSBuild settings.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{command} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
        return await stdout;
    }
}
