public static class PlainData
{
    /// <summary>Adds two numbers.</summary>
    [McpServerTool, ReadOnly]
    public static int Add(int a, int b) => a + b;

    /// <summary>Counts the words of a text.</summary>
    [McpServerTool(ReadOnly = true)]
    public static int Words(string text, string? language = null) => text.Split(' ').Length;

    /// <summary>Sends a note to a teammate.</summary>
    [McpServerTool(Destructive = false), SendsExternally, RequiresConfirmation("Sends the note")]
    public static string Note([Destination] string to, string text) => to;

    /// <summary>Reports for the caller's own tenant.</summary>
    [McpServerTool, ReadOnly]
    public static string Report([FromClaim("tenant")] string tenant, [MatchesClaim("tenant")] string tenantId) => tenant;
}
