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
