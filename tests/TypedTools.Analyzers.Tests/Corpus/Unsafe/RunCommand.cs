// A "read-only" check that starts a process.
public static class RunCommand
{
    [McpServerTool, ReadOnly]
    public static string Check(string target)
    {
        System.Diagnostics.Process.Start("git", "status");
        return target;
    }
}

// The published git server's flag injection: a revision such as "--output=/etc/cron.d/x".
public static class GitLog
{
    [McpServerTool, Destructive("Runs git")]
    public static void Log(string revision) => System.Diagnostics.Process.Start("git", "log " + revision);
}
