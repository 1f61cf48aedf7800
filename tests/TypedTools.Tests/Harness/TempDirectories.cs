using System.Collections.Concurrent;

namespace TypedTools.Tests.Harness;

/// <summary>
/// Temporary directories for the tests' servers, workspaces and logs, deleted when the test process exits (servers
/// started by a test are stopped by then). Without this every run left its directories in the temp folder.
/// </summary>
public static class TempDirectories
{
    private static readonly ConcurrentBag<string> s_created = [];

    static TempDirectories() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>Creates an empty directory named <paramref name="prefix"/> plus a random suffix; returns its full path.</summary>
    public static string Create(string prefix)
    {
        string path = Directory.CreateTempSubdirectory(prefix).FullName;
        s_created.Add(path);
        return path;
    }

    private static void DeleteAll()
    {
        foreach (string path in s_created)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Best effort: a directory still in use stays for the operating system's temp cleaning.
            }
        }
    }
}
