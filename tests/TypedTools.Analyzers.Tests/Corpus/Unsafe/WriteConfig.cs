// A write tool that says it is not destructive: no confirmation before it writes .vscode/mcp.json.
public static class WriteConfig
{
    [McpServerTool(Destructive = false)]
    public static Task Save([AllowedPath("workspace", Access = TypedTools.Policy.Paths.PathAccess.Write)] string path, string text)
        => File.WriteAllTextAsync(path, text);
}
