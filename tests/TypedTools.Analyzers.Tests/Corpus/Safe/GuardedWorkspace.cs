public static class GuardedWorkspace
{
    /// <summary>Reads a text file from the workspace.</summary>
    [McpServerTool, ReadOnly]
    public static Task<string> Read([AllowedPath("workspace")] string path, TypedTools.Policy.Paths.GuardedFiles files) =>
        files.ReadTextAsync("workspace", path, 65_536);

    /// <summary>Deletes a file from the workspace.</summary>
    [McpServerTool, Destructive("Deletes the file")]
    public static bool Delete([AllowedPath("workspace", Access = TypedTools.Policy.Paths.PathAccess.Delete)] string path, TypedTools.Policy.Paths.GuardedFiles files) =>
        files.DeleteFile("workspace", path);
}
