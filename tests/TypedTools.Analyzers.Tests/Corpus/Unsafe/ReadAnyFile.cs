// The reference filesystem server's bug class: containment by string prefix, or none at all.
public static class ReadAnyFile
{
    [McpServerTool, ReadOnly]
    public static string Read(string path)
    {
        if (!path.StartsWith("/srv/workspace")) throw new InvalidOperationException("outside");
        return File.ReadAllText(path);
    }
}
