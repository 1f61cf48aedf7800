// Path.Combine(root, "/etc/passwd") is "/etc/passwd".
public static class CombineWithRoot
{
    [McpServerTool, ReadOnly]
    public static string Read(string name) => File.ReadAllText(Path.Combine("/srv/workspace", name));
}
